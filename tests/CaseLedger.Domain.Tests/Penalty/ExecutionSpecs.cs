using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_serving_the_decision
{
    [Fact]
    public void payment_is_due_15_days_after_service_moved_off_a_rest_day_art_67()
    {
        var served = DecidedCase().When(Serve()).Single<DecisionServed>();
        Assert.Equal(new LocalDate(2025, 3, 10), served.PaymentDueOn);
    }

    [Fact]
    public void electronic_service_needs_signed_consent_art_61() =>
        DecidedCase().When(Serve(method: ServiceMethod.Electronic)).Refused(RefusalCodes.ElectronicServiceWithoutConsent);

    [Fact]
    public void electronic_service_with_consent_art_61() =>
        DecidedCase().When(Serve(method: ServiceMethod.Electronic, consent: true)).Single<DecisionServed>();

    [Fact]
    public void service_before_the_decision_is_wrong_stage_art_61() =>
        NotifiedCase().When(Serve()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void serving_again_appends_nothing() =>
        ServedCase().When(Serve()).AppendsNothing();
}

public class when_publishing
{
    private static readonly PublishDecision Publish = new(new LocalDate(2025, 2, 24), "credit-china");

    [Fact]
    public void a_decision_is_published() => DecidedCase().When(Publish).Single<DecisionPublished>();

    [Fact]
    public void publishing_twice_appends_nothing() => DecidedCase().Then(Publish).When(Publish).AppendsNothing();

    [Fact]
    public void withdrawal_needs_a_publication_art_48() =>
        DecidedCase().When(new WithdrawPublication(new LocalDate(2025, 4, 2), "revoked")).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void a_revoked_decision_is_withdrawn_within_3_working_days_art_48()
    {
        var spec = DecidedCase().Then(Publish)
            .ThenEvent(new DecisionRevoked(Fixtures.CaseId, "R-2025-001", "Facts unclear", new LocalDate(2025, 4, 1), "system"));
        var withdrawal = PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, new LocalDate(2025, 4, 2)).Single(d => d.Key == "withdrawal");
        Assert.Equal(new LocalDate(2025, 4, 7), withdrawal.End);
        Assert.Equal(DeadlineStatus.Open, withdrawal.Status);
        spec.When(new WithdrawPublication(new LocalDate(2025, 4, 2), "Revoked on reconsideration")).Single<PublicationWithdrawn>();
    }
}

public class when_paying
{
    [Fact]
    public void a_payment_in_time_owes_no_late_fee_art_72()
    {
        var paid = ServedCase().When(new RecordPayment(5_000m, new LocalDate(2025, 3, 10), "R-1")).Single<PaymentRecorded>();
        Assert.Equal((0, 0m, 0m), (paid.LateFeeDays, paid.LateFee, paid.Outstanding));
    }

    [Fact]
    public void the_late_fee_is_3_percent_a_day_after_the_due_date_art_72()
    {
        var paid = ServedCase().When(new RecordPayment(5_000m, new LocalDate(2025, 3, 20), "R-1")).Single<PaymentRecorded>();
        Assert.Equal((10, 1_500m, 1_500m), (paid.LateFeeDays, paid.LateFee, paid.Outstanding));
    }

    [Fact]
    public void the_late_fee_never_exceeds_the_fine_art_72()
    {
        var paid = ServedCase().When(new RecordPayment(5_000m, new LocalDate(2025, 6, 30), "R-1")).Single<PaymentRecorded>();
        Assert.Equal(5_000m, paid.LateFee);
    }

    [Fact]
    public void the_late_fee_is_frozen_while_a_remedy_runs_art_72()
    {
        var paid = ServedCase()
            .ThenEvent(new RemedyStarted(Fixtures.CaseId, RemedyKind.Reconsideration, "R-2025-001", new LocalDate(2025, 3, 12), "system"))
            .ThenEvent(new RemedyEnded(Fixtures.CaseId, RemedyKind.Reconsideration, "R-2025-001", new LocalDate(2025, 3, 16), "system"))
            .When(new RecordPayment(5_000m, new LocalDate(2025, 3, 20), "R-1")).Single<PaymentRecorded>();
        Assert.Equal((5, 750m), (paid.LateFeeDays, paid.LateFee));
    }

    [Fact]
    public void a_changed_fine_is_the_fine_owed_art_72()
    {
        var paid = ServedCase()
            .ThenEvent(new DecisionChanged(Fixtures.CaseId, "R-2025-001", [new PenaltyTerm(PenaltyKind.Fine, 2_000m)], "Reduced", new LocalDate(2025, 3, 1), "system"))
            .When(new RecordPayment(2_000m, new LocalDate(2025, 3, 10), "R-1")).Single<PaymentRecorded>();
        Assert.Equal((2_000m, 0m), (paid.Fine, paid.Outstanding));
    }

    [Fact]
    public void a_deferral_moves_the_due_date_art_66()
    {
        var paid = ServedCase().Then(new ApproveDeferral("head", new LocalDate(2025, 4, 30), "Hardship", new LocalDate(2025, 3, 5)))
            .When(new RecordPayment(5_000m, new LocalDate(2025, 4, 30), "R-1")).Single<PaymentRecorded>();
        Assert.Equal(0m, paid.LateFee);
    }

    [Fact]
    public void a_deferral_is_approved_by_a_head_art_66() =>
        ServedCase().When(new ApproveDeferral("zhang", new LocalDate(2025, 4, 30), "Hardship", new LocalDate(2025, 3, 5)))
            .Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void instalments_add_up_to_the_unpaid_fine_art_66() =>
        ServedCase().When(new ApproveInstalments("head", [new Instalment(new LocalDate(2025, 4, 1), 2_000m)], new LocalDate(2025, 3, 5)))
            .Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void instalments_are_approved_art_66() =>
        ServedCase().When(new ApproveInstalments("head",
            [new Instalment(new LocalDate(2025, 4, 1), 2_500m), new Instalment(new LocalDate(2025, 5, 1), 2_500m)], new LocalDate(2025, 3, 5)))
            .Single<InstalmentsApproved>();

    [Fact]
    public void recording_the_same_receipt_again_appends_nothing() =>
        PaidCase().When(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-001")).AppendsNothing();

    [Fact]
    public void no_payment_before_service() =>
        DecidedCase().When(new RecordPayment(5_000m, new LocalDate(2025, 3, 3), "R-1")).Refused(RefusalCodes.WrongStage);
}

/// <summary>Served 2025-02-21: the remedy periods end 2025-08-21 (6 months to sue), the court-enforcement window on 2025-11-21.</summary>
public class when_enforcing
{
    private static readonly LocalDate Later = new(2025, 12, 31);

    /// <summary>Reminder on Mon 2025-08-25: its 10 working days run until Mon 09-08.</summary>
    private static Spec Reminded() => ServedCase().On(Later).Then(new ServePaymentReminder(new LocalDate(2025, 8, 25), ["zhang"]));

    [Fact]
    public void a_reminder_waits_for_the_payment_period() =>
        ServedCase().When(new ServePaymentReminder(new LocalDate(2025, 3, 10), ["zhang"])).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void court_enforcement_needs_a_reminder_coercion_law_art_54() =>
        ServedCase().On(Later).When(new ApplyCourtEnforcement(new LocalDate(2025, 9, 10), "Licheng Court", "head")).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void court_enforcement_waits_10_working_days_after_the_reminder_coercion_law_art_54() =>
        Reminded().When(new ApplyCourtEnforcement(new LocalDate(2025, 9, 8), "Licheng Court", "head")).Refused(RefusalCodes.ReminderPeriodOpen);

    [Fact]
    public void court_enforcement_after_the_reminder_period_coercion_law_art_54() =>
        Reminded().When(new ApplyCourtEnforcement(new LocalDate(2025, 9, 9), "Licheng Court", "head")).Single<CourtEnforcementApplied>();
}

public class when_referring
{
    [Fact]
    public void a_referral_case_is_not_closed_without_referral_art_82_i13() =>
        InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.Referral)).When(Close()).Refused(RefusalCodes.CaseNotClosable);

    [Fact]
    public void a_referred_case_closes_art_27() =>
        InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.Referral))
            .Then(new ReferToJudiciary(new LocalDate(2025, 1, 22), "Licheng Public Security Bureau", "head"))
            .When(Close()).Single<CaseClosed>();

    [Fact]
    public void referring_twice_appends_nothing() =>
        FiledCase().Then(new ReferToJudiciary(new LocalDate(2025, 1, 22), "PSB", "head"))
            .When(new ReferToJudiciary(new LocalDate(2025, 1, 22), "PSB", "head")).AppendsNothing();
}

public class when_closing
{
    [Fact]
    public void a_paid_case_closes() => PaidCase().When(Close()).Single<CaseClosed>();

    [Fact]
    public void an_unpaid_fine_keeps_the_case_open() => ServedCase().When(Close()).Refused(RefusalCodes.CaseNotClosable);

    [Fact]
    public void an_unserved_decision_keeps_the_case_open() => DecidedCase().When(Close()).Refused(RefusalCodes.CaseNotClosable);

    [Fact]
    public void a_not_established_case_closes() =>
        InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.NotEstablished)).When(Close()).Single<CaseClosed>();

    [Fact]
    public void a_case_before_the_court_closes() =>
        ServedCase().On(new LocalDate(2025, 12, 31)).Then(new ServePaymentReminder(new LocalDate(2025, 3, 11), ["zhang"]))
            .Then(new ApplyCourtEnforcement(new LocalDate(2025, 9, 1), "Licheng Court", "head")).When(Close(new LocalDate(2025, 9, 2))).Single<CaseClosed>();

    [Fact]
    public void any_command_after_close_is_case_closed() =>
        PaidCase().Then(Close()).When(new PublishDecision(new LocalDate(2025, 6, 3), "credit-china")).Refused(RefusalCodes.CaseClosed);

    [Fact]
    public void a_repeated_command_after_close_is_case_closed() =>
        PaidCase().Then(new PublishDecision(new LocalDate(2025, 3, 4), "credit-china")).Then(Close())
            .When(new PublishDecision(new LocalDate(2025, 3, 4), "credit-china")).Refused(RefusalCodes.CaseClosed);

    [Fact]
    public void a_publication_is_still_withdrawn_after_close_art_48() =>
        PaidCase().Then(new PublishDecision(new LocalDate(2025, 3, 4), "credit-china")).Then(Close())
            .ThenEvent(new DecisionRevoked(Fixtures.CaseId, "R-1", "Revoked on reconsideration", new LocalDate(2025, 6, 10), "system"))
            .When(new WithdrawPublication(new LocalDate(2025, 6, 11), "Revoked")).Single<PublicationWithdrawn>();

    [Fact]
    public void closing_twice_is_case_closed() => PaidCase().Then(Close()).When(Close()).Refused(RefusalCodes.CaseClosed);

    [Fact]
    public void a_closed_case_is_archived() =>
        PaidCase().Then(Close()).When(new ArchiveCase("zhang", new LocalDate(2025, 6, 3))).Single<CaseArchived>();

    [Fact]
    public void archiving_needs_a_closed_case() =>
        PaidCase().When(new ArchiveCase("zhang", new LocalDate(2025, 6, 3))).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void archiving_twice_appends_nothing() =>
        PaidCase().Then(Close()).Then(new ArchiveCase("zhang", new LocalDate(2025, 6, 3)))
            .When(new ArchiveCase("zhang", new LocalDate(2025, 6, 3))).AppendsNothing();
}
