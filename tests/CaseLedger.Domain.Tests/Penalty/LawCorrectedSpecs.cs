using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>The audit of a spec's history, as <c>caseledger audit</c> reads the stored events.</summary>
internal static class Audited
{
    public static IReadOnlyList<Finding> Findings(Spec spec) =>
        Conformance.Check(Fixtures.CaseId,
            [.. spec.History.Select((e, i) => new AuditedEvent(i + 1, Fixtures.At(spec.Today), "head", e))],
            Fixtures.Officers, Fixtures.Calendar, spec.Today);
}

public class when_a_new_notice_is_heavier
{
    private static readonly IReadOnlyList<PenaltyTerm> Heavier = [new(PenaltyKind.Fine, 8_000m)];

    [Fact]
    public void a_heavier_notice_after_the_defence_without_new_evidence_is_refused_art_45_2() =>
        NotifiedCase().Then(new RecordStatement(new LocalDate(2025, 1, 27), [new StatementPoint("Not mine", "It was", false)], ["zhang"]))
            .When(Notice(Heavier, on: new LocalDate(2025, 2, 10))).Refused(RefusalCodes.HeavierNoticeWithoutNewFacts);

    [Fact]
    public void evidence_collected_after_the_notice_allows_a_heavier_notice_art_45_2() =>
        NotifiedCase().Then(Evidence(on: new LocalDate(2025, 2, 7))).When(Notice(Heavier, on: new LocalDate(2025, 2, 10)))
            .Single<PenaltyNoticeServed>();

    [Fact]
    public void evidence_dated_before_the_notice_is_no_new_fact_art_45_2() =>
        NotifiedCase().Then(Evidence(on: new LocalDate(2025, 1, 23))).When(Notice(Heavier, on: new LocalDate(2025, 2, 10)))
            .Refused(RefusalCodes.HeavierNoticeWithoutNewFacts);

    [Fact]
    public void a_re_concluded_investigation_without_new_evidence_is_no_new_fact_art_45_2() =>
        NotifiedCase().Then(Conclude(Heavier, on: new LocalDate(2025, 2, 7))).When(Notice(on: new LocalDate(2025, 2, 10)))
            .Refused(RefusalCodes.HeavierNoticeWithoutNewFacts);

    [Fact]
    public void a_lighter_new_notice_needs_no_new_facts_art_45_2() =>
        NotifiedCase().When(Notice([new PenaltyTerm(PenaltyKind.Fine, 3_000m)], on: new LocalDate(2025, 2, 10))).Single<PenaltyNoticeServed>();

    [Fact]
    public void the_new_facts_are_used_up_by_the_notice_they_justified_art_45_2() =>
        NotifiedCase().Then(Evidence(on: new LocalDate(2025, 2, 7))).Then(Notice(Heavier, on: new LocalDate(2025, 2, 10)))
            .When(Notice([new PenaltyTerm(PenaltyKind.Fine, 9_000m)], on: new LocalDate(2025, 2, 11)))
            .Refused(RefusalCodes.HeavierNoticeWithoutNewFacts);

    [Fact]
    public void the_decision_is_compared_with_the_latest_notice_art_45() =>
        NotifiedCase().Then(Notice([new PenaltyTerm(PenaltyKind.Fine, 3_000m)], on: new LocalDate(2025, 2, 10)))
            .When(Decide(SmallFine, on: new LocalDate(2025, 2, 24))).Refused(RefusalCodes.HeavierThanNotice);

    [Fact]
    public void the_audit_reports_a_stored_heavier_notice_without_new_facts_art_45_2()
    {
        var notified = NotifiedCase();
        var forged = notified.ThenEvent(notified.History.OfType<PenaltyNoticeServed>().Single() with
        {
            ProposedPenalties = Heavier, ServedOn = new LocalDate(2025, 2, 10),
        });
        Assert.Contains(Audited.Findings(forged), f => f.Code == RefusalCodes.HeavierNoticeWithoutNewFacts && f.Article == "行政处罚法 Art. 45(2)");
    }
}

public class when_an_act_gets_two_fines
{
    private static readonly IReadOnlyList<PenaltyTerm> TwoFines = [new(PenaltyKind.Fine, 3_000m), new(PenaltyKind.Fine, 3_000m)];

    [Fact]
    public void a_notice_with_two_fine_terms_is_refused_art_29() =>
        ConcludedCase().When(Notice(TwoFines)).Refused(RefusalCodes.OneFinePerAct);

    [Fact]
    public void a_decision_with_two_fine_terms_is_refused_art_29() =>
        NotifiedCase([new PenaltyTerm(PenaltyKind.Fine, 6_000m)]).When(Decide(TwoFines)).Refused(RefusalCodes.OneFinePerAct);

    [Fact]
    public void a_fine_with_a_confiscation_is_one_fine_art_29() =>
        ConcludedCase().When(Notice([new PenaltyTerm(PenaltyKind.Fine, 3_000m), new PenaltyTerm(PenaltyKind.Confiscation, 800m)]))
            .Single<PenaltyNoticeServed>();
}

public class when_the_decision_is_late
{
    private static readonly LocalDate DayAfterTheLimit = new(2025, 4, 4);
    private const string Reason = "The laboratory report arrived on 2025-04-02";

    [Fact]
    public void a_late_decision_with_its_reason_is_recorded_art_60_domain_6()
    {
        var made = NotifiedCase().When(Decide(on: DayAfterTheLimit) with { LateReason = Reason }).Single<DecisionMade>();
        Assert.Equal((Reason, (LocalDate?)new LocalDate(2025, 4, 3)), (made.LateReason, made.DueOn));
    }

    [Fact]
    public void a_late_reason_excuses_the_delay_and_nothing_else_art_60() =>
        ConcludedCase().When(Decide(on: DayAfterTheLimit) with { LateReason = Reason }).Refused(RefusalCodes.PenaltyNoticeRequired);

    [Fact]
    public void a_blank_late_reason_is_no_reason_art_60() =>
        NotifiedCase().When(Decide(on: DayAfterTheLimit) with { LateReason = " " }).Refused(RefusalCodes.DecisionDeadlinePassed);

    [Fact]
    public void a_decision_in_time_records_no_late_reason_art_60() =>
        Assert.Null(NotifiedCase().When(Decide(on: new LocalDate(2025, 4, 3)) with { LateReason = Reason }).Single<DecisionMade>().LateReason);

    [Fact]
    public void the_late_decision_shows_the_deadline_missed_with_the_day_it_was_met_art_60()
    {
        var spec = NotifiedCase().Then(Decide(on: DayAfterTheLimit) with { LateReason = Reason });
        var decision = PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, Fixtures.Today).Single(d => d.Key == "decision");
        Assert.Equal((DeadlineStatus.Missed, (LocalDate?)DayAfterTheLimit), (decision.Status, decision.MetOn));
    }

    [Fact]
    public void the_audit_reports_the_late_decision_with_its_reason_domain_6()
    {
        var finding = Assert.Single(Audited.Findings(NotifiedCase().Then(Decide(on: DayAfterTheLimit) with { LateReason = Reason })), f => f.Version == 6);
        Assert.Equal((RefusalCodes.DecisionDeadlinePassed, "deadline-missed"), (finding.Code, finding.Kind));
        Assert.EndsWith($"Recorded late with the reason: {Reason}", finding.Message);
    }

    [Fact]
    public void a_late_extension_without_a_reason_is_refused_domain_6() =>
        NotifiedCase().When(new ExtendDecisionDeadline(30, "head", "Expert opinion pending", DayAfterTheLimit))
            .Refused(RefusalCodes.DecisionDeadlinePassed);

    [Fact]
    public void a_late_extension_with_its_reason_is_recorded_and_audited_domain_6()
    {
        var spec = NotifiedCase().Then(new ExtendDecisionDeadline(30, "head", "Expert opinion pending", DayAfterTheLimit, LateReason: Reason));
        var extended = spec.History.OfType<DecisionDeadlineExtended>().Single();
        Assert.Equal((Reason, (LocalDate?)new LocalDate(2025, 4, 3)), (extended.LateReason, extended.DueOn));
        spec.When(Decide(on: new LocalDate(2025, 4, 20))).Single<DecisionMade>();
        Assert.Contains(Audited.Findings(spec), f => f.Code == RefusalCodes.DecisionDeadlinePassed && f.Message.Contains(Reason));
    }

    private static Spec Notified(Agencies.AgencyPolicy policy) =>
        new Spec([]).With(policy).Then(Lead()).Then(File()).Then(Evidence()).Then(Conclude()).Then(Notice());

    [Fact]
    public void the_decision_limit_is_the_agency_policy_value_art_60()
    {
        var sixty = Notified(Fixtures.Policy with { DecisionDays = 60 });
        sixty.When(Decide(on: new LocalDate(2025, 3, 4))).Single<DecisionMade>();
        sixty.When(Decide(on: new LocalDate(2025, 3, 5))).Refused(RefusalCodes.DecisionDeadlinePassed);
    }

    [Fact]
    public void the_first_extension_is_at_most_the_agency_policy_value_samr() =>
        Notified(Fixtures.Policy with { ExtensionDays = 15 })
            .When(new ExtendDecisionDeadline(20, "head", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .Refused(RefusalCodes.ExtensionNotAllowed);

    private static Spec SuspendedTenDays(Agencies.AgencyPolicy policy) =>
        Notified(policy).Then(new SuspendCase("Lab test", new LocalDate(2025, 2, 10), "head")).Then(new ResumeCase(new LocalDate(2025, 2, 20), "head"));

    [Fact]
    public void with_rest_day_extension_the_decision_limit_moves_off_a_rest_day_domain_5()
    {
        // 90 + 10 days from 2025-01-03 end on Sunday 2025-04-13.
        var spec = SuspendedTenDays(Fixtures.Policy with { RestDayExtension = true });
        spec.When(Decide(on: new LocalDate(2025, 4, 14))).Single<DecisionMade>();
        var decision = PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, new LocalDate(2025, 4, 1)).Single(d => d.Key == "decision");
        Assert.Equal((new LocalDate(2025, 4, 13), new LocalDate(2025, 4, 14)), (decision.RawEnd, decision.End));
    }

    [Fact]
    public void without_rest_day_extension_the_decision_limit_stays_on_the_rest_day_domain_5() =>
        SuspendedTenDays(Fixtures.Policy with { RestDayExtension = false })
            .When(Decide(on: new LocalDate(2025, 4, 14))).Refused(RefusalCodes.DecisionDeadlinePassed);
}
