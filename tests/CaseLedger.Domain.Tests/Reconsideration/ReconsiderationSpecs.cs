using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Tests.Penalty;
using static CaseLedger.Domain.Tests.Reconsideration.ReconsiderationScenarios;

namespace CaseLedger.Domain.Tests.Reconsideration;

public class when_applying_for_reconsideration
{
    [Fact]
    public void application_within_60_days_art_20()
    {
        var applied = new ReconsiderationSpec([]).When(Apply(appliedOn: new LocalDate(2025, 4, 22))).Single<ReconsiderationApplied>();
        Assert.Equal(new LocalDate(2025, 4, 22), applied.ApplicationDueOn);
        Assert.Equal(Fixtures.CaseId, applied.Contested.CaseId);
        Assert.Equal([new PenaltyTerm(PenaltyKind.Fine, 5_000m)], applied.Contested.Penalties);
    }

    [Fact]
    public void application_after_60_days_is_late_art_20() =>
        new ReconsiderationSpec([]).When(Apply(appliedOn: new LocalDate(2025, 4, 23))).Refused(RefusalCodes.ApplicationLate);

    [Fact]
    public void without_a_remedy_notice_up_to_one_year_extended_past_the_spring_festival_art_20()
    {
        var spec = new ReconsiderationSpec([]).On(new LocalDate(2026, 3, 2));
        // 2026-02-21 is a Saturday and Feb 22–23 are rest days: the year ends on Tue 02-24.
        Assert.Equal(new LocalDate(2026, 2, 24), spec.When(Apply(appliedOn: new LocalDate(2026, 2, 24), notice: false)).Single<ReconsiderationApplied>().ApplicationDueOn);
        spec.When(Apply(appliedOn: new LocalDate(2026, 2, 25), notice: false)).Refused(RefusalCodes.ApplicationLate);
    }

    [Fact]
    public void learning_of_the_right_gives_60_days_within_the_year_art_20()
    {
        var spec = new ReconsiderationSpec([]).On(new LocalDate(2025, 7, 15));
        spec.When(Apply(appliedOn: new LocalDate(2025, 6, 30), notice: false, learned: new LocalDate(2025, 5, 1))).Single<ReconsiderationApplied>();
        spec.When(Apply(appliedOn: new LocalDate(2025, 7, 1), notice: false, learned: new LocalDate(2025, 5, 1))).Refused(RefusalCodes.ApplicationLate);
    }

    [Fact]
    public void only_a_decided_case_can_be_contested() =>
        new ReconsiderationSpec([]).Contesting(Scenarios.NotifiedCase().State).When(Apply()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void an_unknown_case_is_not_found() =>
        new ReconsiderationSpec([]).Contesting(null).When(Apply()).Refused(RefusalCodes.NotFound);

    [Fact]
    public void knowing_of_the_act_before_it_was_decided_is_out_of_order() =>
        new ReconsiderationSpec([]).When(Apply(knewOn: new LocalDate(2025, 2, 1))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void staff_hold_the_legal_professional_qualification_art_6() =>
        new ReconsiderationSpec([]).As("rc-unqualified").When(Apply() with { ReceivedBy = ["rc-unqualified"] }).Refused(RefusalCodes.OfficerNotCertified);

    /// <summary>
    /// A step naming no staff (an extension the head approves) is the act of the staff who record it: the same qualification
    /// as named staff (Art. 6). The two copies of the common checks disagreed here; the one check of every proceeding asks it.
    /// </summary>
    [Fact]
    public void staff_recording_a_step_alone_hold_the_legal_professional_qualification_art_6() =>
        RepliedCase().As("rc-unqualified").When(new ExtendReconsideration(new LocalDate(2025, 4, 30), 30, "rc-head", "Complex facts"))
            .Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void staff_reviewing_before_2024_record_a_step_alone_without_the_qualification_art_6() =>
        RepliedCase().As("rc-veteran").When(new ExtendReconsideration(new LocalDate(2025, 4, 30), 30, "rc-head", "Complex facts"))
            .Single<ReconsiderationExtended>();

    [Fact]
    public void enforcement_officers_do_not_act_for_the_reconsideration_body() =>
        new ReconsiderationSpec([]).As("zhang").When(Apply() with { ReceivedBy = null }).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void the_same_application_again_appends_nothing() => Applied().When(Apply()).AppendsNothing();
}

public class when_examining_the_application
{
    [Fact]
    public void acceptance_within_5_working_days_art_30()
    {
        var accepted = Applied().When(Accept()).Single<ReconsiderationAccepted>();
        Assert.False(accepted.Deemed);
        Assert.Equal(new LocalDate(2025, 5, 12), accepted.DecisionDueOn); // 60 days: Sun 05-11 → Mon 05-12
    }

    [Fact]
    public void silence_for_5_working_days_is_acceptance_art_30()
    {
        var decision = Applied().When(Copy(new LocalDate(2025, 3, 18)));
        Assert.False(decision.IsRefused, decision.Refusal?.ToString());
        var deemed = Assert.IsType<ReconsiderationAccepted>(decision.Events[0]);
        Assert.True(deemed.Deemed);
        Assert.Equal(new LocalDate(2025, 3, 17), deemed.AcceptedOn);
        Assert.IsType<CopySentToRespondent>(decision.Events[1]);
    }

    [Fact]
    public void a_late_acceptance_records_the_deemed_acceptance_art_30()
    {
        var accepted = Applied().When(Accept(new LocalDate(2025, 3, 20))).Single<ReconsiderationAccepted>();
        Assert.True(accepted.Deemed);
        Assert.Equal(new LocalDate(2025, 3, 17), accepted.AcceptedOn);
    }

    [Fact]
    public void before_5_working_days_nothing_is_deemed_art_30() =>
        Applied().When(Copy(new LocalDate(2025, 3, 17))).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void refusal_with_reasons_within_5_working_days_art_30() =>
        Applied().When(new RefuseApplication(new LocalDate(2025, 3, 14), "Not within the body's jurisdiction", ["rc-staff1"])).Single<ReconsiderationRefused>();

    [Fact]
    public void a_refusal_after_5_working_days_comes_too_late_art_30() =>
        Applied().When(new RefuseApplication(new LocalDate(2025, 3, 18), "Late", ["rc-staff1"])).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void one_correction_notice_within_5_working_days_art_31()
    {
        var asked = Applied().When(new RequestCorrection(new LocalDate(2025, 3, 11), ["Copy of the decision"], ["rc-staff1"])).Single<CorrectionRequested>();
        Assert.Equal(new LocalDate(2025, 3, 25), asked.CorrectionDueOn);
    }

    [Fact]
    public void a_second_correction_notice_is_refused_art_31() =>
        Applied().Then(new RequestCorrection(new LocalDate(2025, 3, 11), ["Copy of the decision"], ["rc-staff1"]))
            .When(new RequestCorrection(new LocalDate(2025, 3, 12), ["ID card"], ["rc-staff1"])).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void a_correction_notice_after_5_working_days_is_refused_art_31() =>
        Applied().When(new RequestCorrection(new LocalDate(2025, 3, 18), ["ID card"], ["rc-staff1"])).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_applicant_corrects_within_10_working_days_art_31()
    {
        var asked = Applied().Then(new RequestCorrection(new LocalDate(2025, 3, 11), ["Copy of the decision"], ["rc-staff1"]));
        asked.When(new SubmitCorrection(new LocalDate(2025, 3, 26), ["rc-staff1"])).Refused(RefusalCodes.ApplicationLate);
        var corrected = asked.Then(new SubmitCorrection(new LocalDate(2025, 3, 20), ["rc-staff1"]));
        // The 5 working days of examination run again from the corrected application.
        Assert.Equal(new LocalDate(2025, 3, 27), ReconsiderationLaw.AcceptanceDue(corrected.State!, Fixtures.Calendar));
        corrected.When(Accept(new LocalDate(2025, 3, 24))).Single<ReconsiderationAccepted>();
    }

    [Fact]
    public void nothing_is_accepted_while_the_correction_is_outstanding_art_31() =>
        Applied().Then(new RequestCorrection(new LocalDate(2025, 3, 11), ["Copy of the decision"], ["rc-staff1"]))
            .When(Accept()).Refused(RefusalCodes.WrongStage);
}

public class when_reviewing_the_application
{
    [Fact]
    public void copy_within_7_working_days_reply_within_10_art_48()
    {
        var copy = AcceptedCase().When(Copy()).Single<CopySentToRespondent>();
        Assert.Equal(new LocalDate(2025, 3, 27), copy.ReplyDueOn);
    }

    [Fact]
    public void a_reply_in_time_art_48() => CopiedCase().When(Reply()).Single<RespondentReplied>();

    [Fact]
    public void a_late_reply_is_recorded_as_missed_art_70()
    {
        var missed = CopiedCase().When(Reply(new LocalDate(2025, 3, 28))).Single<RespondentReplyMissed>();
        Assert.Equal(new LocalDate(2025, 3, 27), missed.DueOn);
        Assert.Equal(new LocalDate(2025, 3, 28), missed.LateReplyOn);
    }

    [Fact]
    public void a_missed_reply_is_recorded_only_after_the_period_art_48()
    {
        CopiedCase().When(new RecordMissedReply(new LocalDate(2025, 3, 27), ["rc-staff1"])).Refused(RefusalCodes.WrongStage);
        CopiedCase().When(new RecordMissedReply(new LocalDate(2025, 3, 28), ["rc-staff1"])).Single<RespondentReplyMissed>();
    }

    [Fact]
    public void investigations_need_two_staff_art_45()
    {
        AcceptedCase().When(new Investigate(new LocalDate(2025, 3, 14), "Site visit", ["rc-staff1"])).Refused(RefusalCodes.TwoOfficersRequired);
        AcceptedCase().When(new Investigate(new LocalDate(2025, 3, 14), "Site visit", TwoStaff)).Single<ReconsiderationInvestigated>();
    }

    [Fact]
    public void the_same_investigation_recorded_again_is_recorded_once()
    {
        var visited = AcceptedCase().Then(new Investigate(new LocalDate(2025, 3, 14), "Site visit", TwoStaff));
        visited.When(new Investigate(new LocalDate(2025, 3, 14), "Site visit", ["rc-staff2", "rc-staff3"])).AppendsNothing();
        visited.When(new Investigate(new LocalDate(2025, 3, 14), "Interview", TwoStaff)).Single<ReconsiderationInvestigated>();
        visited.When(new Investigate(new LocalDate(2025, 3, 17), "Site visit", TwoStaff)).Single<ReconsiderationInvestigated>();
    }

    [Fact]
    public void hearing_notice_at_least_5_working_days_art_51()
    {
        var notice = new LocalDate(2025, 3, 21);
        RepliedCase().When(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 27), notice, "rc-head", TwoStaff)).Refused(RefusalCodes.HearingNoticeTooShort);
        RepliedCase().When(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 28), notice, "rc-head", TwoStaff)).Single<ReconsiderationHearingScheduled>();
    }

    [Fact]
    public void a_hearing_has_a_presider_and_two_members_art_51() =>
        RepliedCase().When(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 28), new LocalDate(2025, 3, 21), "rc-head", ["rc-staff1"]))
            .Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void a_major_case_is_heard_before_it_is_decided_art_50()
    {
        var major = AcceptedCase(major: true).Then(Copy()).Then(Reply());
        major.When(Decide()).Refused(RefusalCodes.HearingRequired);
        var heard = major.Then(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 28), new LocalDate(2025, 3, 21), "rc-head", TwoStaff))
            .Then(new HoldReconsiderationHearing(new LocalDate(2025, 3, 28), false, true, null, ["rc-staff1"]));
        // The applicant did not appear: the hearing is waived, and the case may be decided (Art. 51).
        heard.When(Decide()).Single<ReconsiderationDecided>();
    }
}

public class when_the_review_takes_its_course
{
    [Fact]
    public void one_extension_of_at_most_30_days_art_62()
    {
        var extended = RepliedCase().When(new ExtendReconsideration(new LocalDate(2025, 4, 30), 30, "rc-head", "Complex facts")).Single<ReconsiderationExtended>();
        Assert.Equal(new LocalDate(2025, 6, 10), extended.DecisionDueOn); // 03-12 + 60 + 30
    }

    [Fact]
    public void a_second_extension_is_exhausted_art_62() =>
        RepliedCase().Then(new ExtendReconsideration(new LocalDate(2025, 4, 30), 10, "rc-head", "Complex facts"))
            .When(new ExtendReconsideration(new LocalDate(2025, 5, 6), 10, "rc-head", "Still complex")).Refused(RefusalCodes.ExtensionExhausted);

    [Fact]
    public void more_than_30_days_is_not_allowed_art_62() =>
        RepliedCase().When(new ExtendReconsideration(new LocalDate(2025, 4, 30), 31, "rc-head", "Complex facts")).Refused(RefusalCodes.ExtensionNotAllowed);

    [Fact]
    public void the_head_approves_the_extension_art_62() =>
        RepliedCase().When(new ExtendReconsideration(new LocalDate(2025, 4, 30), 30, "rc-staff1", "Complex facts")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void suspension_stops_the_decision_clock_art_39()
    {
        var spec = RepliedCase().Then(new SuspendReconsideration(new LocalDate(2025, 3, 25), "Agreed mediation", ["rc-staff1"]));
        spec.When(Decide()).Refused(RefusalCodes.WrongStage);
        var resumed = spec.Then(new ResumeReconsideration(new LocalDate(2025, 4, 4), ["rc-staff1"]));
        var decision = ReconsiderationCase.Deadlines(resumed.State!, Fixtures.Calendar, new LocalDate(2025, 4, 5)).Single(d => d.Key == "decision");
        Assert.Equal(new LocalDate(2025, 5, 21), decision.End); // 05-11 + 10 suspended days
        Assert.Equal(DeadlineStatus.Open, decision.Status);
    }

    [Fact]
    public void a_mediation_agreement_ends_the_case_art_73()
    {
        var settled = RepliedCase().Then(new Mediate(new LocalDate(2025, 3, 25), true, Sha('a'), ["rc-staff1"]));
        settled.When(Decide()).Refused(RefusalCodes.CaseClosed);
    }

    [Fact]
    public void a_failed_mediation_leaves_the_case_to_the_decision_art_73() =>
        RepliedCase().Then(new Mediate(new LocalDate(2025, 3, 25), false, null, ["rc-staff1"])).When(Decide()).Single<ReconsiderationDecided>();

    [Fact]
    public void withdrawal_after_settlement_ends_the_case_art_74() =>
        RepliedCase().Then(new WithdrawApplication(new LocalDate(2025, 3, 25), "Settled with the agency", true))
            .When(Decide()).Refused(RefusalCodes.CaseClosed);
}

public class when_the_simplified_procedure_applies
{
    private static PenaltyCaseState SmallFineCase() =>
        Scenarios.NotifiedCase([new PenaltyTerm(PenaltyKind.Fine, 2_000m)]).Then(Scenarios.Decide([new PenaltyTerm(PenaltyKind.Fine, 2_000m)]))
            .Then(Scenarios.Serve()).State!;

    [Fact]
    public void fines_up_to_3000_yuan_may_take_the_simplified_procedure_art_53()
    {
        var accepted = new ReconsiderationSpec([]).Contesting(SmallFineCase()).Then(Apply()).When(Accept(procedure: ReconsiderationProcedure.Simplified)).Single<ReconsiderationAccepted>();
        Assert.Equal(new LocalDate(2025, 4, 11), accepted.DecisionDueOn); // 30 days
    }

    [Fact]
    public void larger_fines_need_all_parties_agreement_art_53()
    {
        Applied().When(Accept(procedure: ReconsiderationProcedure.Simplified)).Refused(RefusalCodes.SimplifiedProcedureNotAllowed);
        Applied().When(Accept(procedure: ReconsiderationProcedure.Simplified, partiesAgree: true)).Single<ReconsiderationAccepted>();
    }

    [Fact]
    public void copy_in_3_and_reply_in_5_working_days_art_54()
    {
        var copy = Applied().Then(Accept(procedure: ReconsiderationProcedure.Simplified, partiesAgree: true)).When(Copy()).Single<CopySentToRespondent>();
        Assert.Equal(new LocalDate(2025, 3, 20), copy.ReplyDueOn);
    }

    [Fact]
    public void no_extension_in_the_simplified_procedure_art_62() =>
        Applied().Then(Accept(procedure: ReconsiderationProcedure.Simplified, partiesAgree: true)).Then(Copy()).Then(Reply())
            .When(new ExtendReconsideration(new LocalDate(2025, 3, 25), 10, "rc-head", "Complex")).Refused(RefusalCodes.ExtensionNotAllowed);

    [Fact]
    public void conversion_to_the_general_procedure_art_55()
    {
        var simplified = Applied().Then(Accept(procedure: ReconsiderationProcedure.Simplified, partiesAgree: true)).Then(Copy()).Then(Reply());
        simplified.When(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 28), new LocalDate(2025, 3, 21), "rc-head", TwoStaff))
            .Refused(RefusalCodes.WrongStage);
        var general = simplified.Then(new ConvertToGeneral(new LocalDate(2025, 3, 21), "Facts disputed", ["rc-staff1"]));
        Assert.Equal(ReconsiderationProcedure.General, general.State!.Procedure);
        general.When(new ScheduleReconsiderationHearing(new LocalDate(2025, 3, 28), new LocalDate(2025, 3, 21), "rc-head", TwoStaff))
            .Single<ReconsiderationHearingScheduled>();
    }
}

public class when_deciding_a_reconsideration
{
    [Fact]
    public void uphold_a_lawful_act_art_68() => RepliedCase().When(Decide(ReconsiderationDecisionType.Uphold)).Single<ReconsiderationDecided>();

    [Fact]
    public void revoke_for_unclear_facts_art_64() =>
        Assert.Equal(ReconsiderationDecisionType.Revoke, RepliedCase().When(Decide(ReconsiderationDecisionType.Revoke, DecisionGround.FactsUnclear)).Single<ReconsiderationDecided>().Type);

    [Fact]
    public void confirm_illegal_when_revocation_would_harm_the_public_interest_art_65() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.ConfirmIllegal, DecisionGround.PublicInterest)).Single<ReconsiderationDecided>();

    [Fact]
    public void order_performance_art_66() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.OrderPerformance)).Single<ReconsiderationDecided>();

    [Fact]
    public void confirm_void_for_manifest_illegality_art_67() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.ConfirmVoid)).Single<ReconsiderationDecided>();

    [Fact]
    public void reject_when_there_is_no_duty_art_69() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Reject)).Single<ReconsiderationDecided>();

    [Fact]
    public void each_type_rests_on_its_own_grounds_arts_63_to_69() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Revoke, DecisionGround.Lawful)).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void change_to_a_lighter_penalty_art_63() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 3_000m)])).Single<ReconsiderationDecided>();

    [Fact]
    public void change_never_worse_for_the_applicant_art_63() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 6_000m)])).Refused(RefusalCodes.ReformatioInPeius);

    [Fact]
    public void a_new_penalty_kind_is_worse_art_63() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 5_000m), new PenaltyTerm(PenaltyKind.Warning, null)]))
            .Refused(RefusalCodes.ReformatioInPeius);

    [Fact]
    public void worse_only_when_a_third_party_asked_art_63() =>
        RepliedCase(thirdParties: ["Neighbour Li"]).When(Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 6_000m)], thirdParty: true))
            .Single<ReconsiderationDecided>();

    [Fact]
    public void a_third_party_request_needs_a_third_party_art_63() =>
        RepliedCase().When(Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 6_000m)], thirdParty: true))
            .Refused(RefusalCodes.ReformatioInPeius);

    [Fact]
    public void a_missed_reply_means_the_act_has_no_evidence_art_70()
    {
        var missed = CopiedCase().Then(new RecordMissedReply(new LocalDate(2025, 3, 28), ["rc-staff1"]));
        missed.When(Decide(ReconsiderationDecisionType.Uphold)).Refused(RefusalCodes.NoRespondentEvidence);
        missed.When(Decide(ReconsiderationDecisionType.Reject)).Refused(RefusalCodes.NoRespondentEvidence);
        var revoked = missed.When(Decide(ReconsiderationDecisionType.Revoke, DecisionGround.NoEvidenceFromRespondent)).Single<ReconsiderationDecided>();
        Assert.True(revoked.WithoutRespondentEvidence);
    }

    [Fact]
    public void not_before_the_reply_or_its_period_art_48() => CopiedCase().When(Decide()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_head_decides_art_61() =>
        RepliedCase().When(Decide() with { DecidedBy = "rc-staff1" }).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void a_repeated_decision_appends_nothing() => RepliedCase().Then(Decide()).When(Decide()).AppendsNothing();

    [Fact]
    public void the_decision_takes_effect_on_service_art_75() =>
        RepliedCase().Then(Decide()).When(new ServeReconsiderationDecision(new LocalDate(2025, 4, 11), ["rc-staff1"])).Single<ReconsiderationDecisionServed>();

    [Fact]
    public void deadlines_show_the_whole_review_art_62()
    {
        var deadlines = ReconsiderationCase.Deadlines(RepliedCase().State!, Fixtures.Calendar, new LocalDate(2025, 4, 1)).ToDictionary(d => d.Key);
        Assert.Equal(DeadlineStatus.Met, deadlines["application"].Status);
        Assert.Equal(DeadlineStatus.Met, deadlines["acceptance"].Status);
        Assert.Equal(DeadlineStatus.Met, deadlines["copy"].Status);
        Assert.Equal(new LocalDate(2025, 3, 27), deadlines["reply"].End);
        Assert.Equal(new LocalDate(2025, 5, 11), deadlines["decision"].RawEnd);
        Assert.Equal(new LocalDate(2025, 5, 12), deadlines["decision"].End);
        Assert.Equal(DeadlineStatus.Open, deadlines["decision"].Status);
    }
}
