using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>
/// Served Fri 2025-02-21: reconsideration may be sought until 04-22, a suit until Thu 08-21 (6 months); the agency applies to
/// the court from 08-22 until Fri 11-21 (3 months), the reminder of 2025-03-11 and its 10 working days long past.
/// </summary>
public class when_applying_for_court_enforcement_after_the_remedy_periods
{
    private static readonly LocalDate Later = new(2026, 3, 31);

    private static Spec Reminded() => ServedCase().On(Later).Then(new ServePaymentReminder(new LocalDate(2025, 3, 11), ["zhang"]));

    private static ApplyCourtEnforcement Apply(LocalDate on) => new(on, "Licheng Court", "head");

    private static Spec Carried(Spec spec, ICaseCommand command) =>
        spec.ThenEvent(Assert.Single(PenaltyCase.Decide(command, spec.State, Fixtures.Context(today: spec.Today) with { Actor = Actor.System }).Events));

    [Fact]
    public void refused_while_the_party_may_still_reconsider_or_sue_coercion_law_art_53_interpretation_art_156()
    {
        // Five weeks after service the party may still sue for months: the application is refused.
        Reminded().When(Apply(new LocalDate(2025, 3, 28))).Refused(RefusalCodes.RemedyPeriodOpen);
        Reminded().When(Apply(new LocalDate(2025, 8, 21))).Refused(RefusalCodes.RemedyPeriodOpen);
        Reminded().When(Apply(new LocalDate(2025, 8, 22))).Single<CourtEnforcementApplied>();
    }

    [Fact]
    public void refused_more_than_3_months_after_the_remedy_periods_coercion_law_art_53_interpretation_art_156()
    {
        Reminded().When(Apply(new LocalDate(2025, 11, 21))).Single<CourtEnforcementApplied>();
        Reminded().When(Apply(new LocalDate(2025, 11, 24))).Refused(RefusalCodes.EnforcementApplicationLate);
    }

    [Fact]
    public void refused_while_a_remedy_is_pending_until_it_is_finally_decided_coercion_law_art_53()
    {
        var pending = Carried(Reminded(), new StartRemedy(RemedyKind.Litigation, "L-1", new LocalDate(2025, 8, 1)));
        pending.When(Apply(new LocalDate(2025, 9, 1))).Refused(RefusalCodes.RemedyPeriodOpen);
        var final = Carried(pending, new EndRemedy(RemedyKind.Litigation, "L-1", new LocalDate(2025, 10, 15)));
        final.When(Apply(new LocalDate(2025, 10, 15))).Refused(RefusalCodes.RemedyPeriodOpen);
        final.When(Apply(new LocalDate(2025, 10, 16))).Single<CourtEnforcementApplied>();
        final.When(Apply(new LocalDate(2026, 1, 16))).Refused(RefusalCodes.EnforcementApplicationLate);
    }

    [Fact]
    public void a_suit_may_follow_a_served_reconsideration_decision_for_15_days_litigation_law_art_45()
    {
        var started = Carried(Reminded(), new StartRemedy(RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 3, 10)));
        // Served Fri 08-15: a suit may be filed until Sat 08-30, moved to Mon 09-01.
        var served = Carried(started, new EndRemedy(RemedyKind.Reconsideration, "R-1", new LocalDate(2025, 8, 15), SuitMayFollow: true));
        Assert.Equal(new LocalDate(2025, 9, 1), served.State!.Remedies.Single().SuitOpenUntil);
        served.When(Apply(new LocalDate(2025, 9, 1))).Refused(RefusalCodes.RemedyPeriodOpen);
        served.When(Apply(new LocalDate(2025, 9, 2))).Single<CourtEnforcementApplied>();
    }

    [Fact]
    public void an_on_the_spot_decision_waits_only_for_the_60_days_of_reconsideration_reconsideration_law_art_23()
    {
        var spot = HeardLead(FiledOn).On(Later)
            .Then(new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 150m), "SD-1", "zhang", FiledOn, Benchmark))
            .Then(new ServePaymentReminder(new LocalDate(2025, 2, 10), ["zhang"]));
        spot.When(Apply(new LocalDate(2025, 3, 4))).Refused(RefusalCodes.RemedyPeriodOpen);
        spot.When(Apply(new LocalDate(2025, 3, 5))).Single<CourtEnforcementApplied>();
    }

    [Fact]
    public void the_deadline_board_shows_the_enforcement_window_coercion_law_art_53()
    {
        var row = PenaltyCase.Deadlines(ServedCase().State!, Fixtures.Calendar, new LocalDate(2025, 6, 30)).Single(d => d.Key == "court-enforcement");
        Assert.Equal((new LocalDate(2025, 8, 21), new LocalDate(2025, 11, 21), Counting.Months, 3, DeadlineStatus.Open),
            (row.Trigger, row.End, row.Counting, row.Length, row.Status));
        Assert.Contains("行政强制法 Arts. 53–54", row.Rule);
        var applied = Reminded().Then(Apply(new LocalDate(2025, 9, 1))).State!;
        Assert.Equal(DeadlineStatus.Met, PenaltyCase.Deadlines(applied, Fixtures.Calendar, Later).Single(d => d.Key == "court-enforcement").Status);
        Assert.Equal(DeadlineStatus.Missed, PenaltyCase.Deadlines(ServedCase().State!, Fixtures.Calendar, Later).Single(d => d.Key == "court-enforcement").Status);
        // A fine paid in full needs no court: the window leaves the board.
        Assert.DoesNotContain(PenaltyCase.Deadlines(PaidCase().State!, Fixtures.Calendar, Later), d => d.Key == "court-enforcement");
    }
}

/// <summary>The 5,000-yuan fine served 2025-02-21 is due Mon 2025-03-10 (03-08 is a Saturday).</summary>
public class when_charging_the_late_fee
{
    [Fact]
    public void after_a_part_payment_the_fee_runs_on_the_unpaid_amount_art_72_i11()
    {
        var part = ServedCase().Then(new RecordPayment(3_000m, new LocalDate(2025, 3, 15), "R-1"));
        // 03-11 … 03-15 on 5,000 (5 × 150).
        Assert.Equal(750m, part.State!.Payments.Single().LateFee);
        // Then 03-16 … 03-20 on the 2,000 still unpaid (5 × 60): 1,050 in all, not 10 × 150.
        var rest = part.When(new RecordPayment(2_000m, new LocalDate(2025, 3, 20), "R-2")).Single<PaymentRecorded>();
        Assert.Equal((10, 1_050m, 1_050m), (rest.LateFeeDays, rest.LateFee, rest.Outstanding));
    }

    [Fact]
    public void under_instalments_each_instalment_accrues_from_its_own_due_date_art_66_72()
    {
        var instalments = ServedCase().Then(new ApproveInstalments("head",
            [new Instalment(new LocalDate(2025, 4, 1), 2_500m), new Instalment(new LocalDate(2025, 5, 1), 2_500m)], new LocalDate(2025, 3, 5)));
        // The first instalment, paid ten days late: 04-02 … 04-11 on 2,500; the second is not yet due.
        var first = instalments.When(new RecordPayment(2_500m, new LocalDate(2025, 4, 11), "R-1")).Single<PaymentRecorded>();
        Assert.Equal((10, 750m), (first.LateFeeDays, first.LateFee));
        var second = instalments.Then(new RecordPayment(2_500m, new LocalDate(2025, 4, 11), "R-1"))
            .When(new RecordPayment(2_500m, new LocalDate(2025, 5, 1), "R-2")).Single<PaymentRecorded>();
        Assert.Equal(750m, second.LateFee);
    }

    [Fact]
    public void frozen_until_the_remedy_is_finally_decided_art_73()
    {
        var pending = ServedCase().ThenEvent(new RemedyStarted(Fixtures.CaseId, RemedyKind.Litigation, "L-1", new LocalDate(2025, 3, 1), "system"));
        Assert.Equal(0, pending.When(new RecordPayment(5_000m, new LocalDate(2025, 4, 10), "R-1")).Single<PaymentRecorded>().LateFeeDays);
        var final = pending.ThenEvent(new RemedyEnded(Fixtures.CaseId, RemedyKind.Litigation, "L-1", new LocalDate(2025, 4, 1), "system"));
        Assert.Equal(9, final.When(new RecordPayment(5_000m, new LocalDate(2025, 4, 10), "R-1")).Single<PaymentRecorded>().LateFeeDays);
    }
}
