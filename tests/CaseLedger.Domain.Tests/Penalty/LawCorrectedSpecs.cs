using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Tests.Reconsideration;
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

public class when_referring_to_the_judiciary
{
    private static readonly LocalDate ReferredOn = new(2025, 1, 22);
    private static ReferToJudiciary Refer(LocalDate? on = null) => new(on ?? ReferredOn, "Licheng Public Security Bureau", "head");
    private static RecordReferralOutcome Answer(ReferralOutcome outcome, LocalDate on) => new(outcome, on, ["zhang"], "No criminal liability");

    private static Spec Referred() => InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.Referral)).Then(Refer());

    [Fact]
    public void a_referral_after_the_decision_leaves_the_penalty_in_force_art_27_i13()
    {
        var spec = DecidedCase().Then(Refer(new LocalDate(2025, 2, 21)));
        Assert.Equal(SmallFine, spec.State!.Penalties);
        spec.When(Serve()).Single<DecisionServed>();
        spec.Then(Serve()).When(Close(new LocalDate(2025, 2, 24))).Refused(RefusalCodes.CaseNotClosable);
    }

    [Fact]
    public void a_returned_case_resumes_and_the_time_away_does_not_count_i13()
    {
        // Away 2025-01-22 to 02-21: 30 days; the limit moves from 04-03 to 05-03 (Saturday, then the May holidays: 05-06).
        var returned = Referred().Then(Answer(ReferralOutcome.Returned, new LocalDate(2025, 2, 21)));
        Assert.Null(returned.State!.Referral);
        var resumed = returned.Then(Conclude(on: new LocalDate(2025, 2, 24))).Then(Notice(on: new LocalDate(2025, 2, 24)));
        resumed.When(Decide(on: new LocalDate(2025, 5, 6))).Single<DecisionMade>();
        var decision = PenaltyCase.Deadlines(resumed.State!, Fixtures.Calendar, new LocalDate(2025, 3, 1)).Single(d => d.Key == "decision");
        Assert.Contains(decision.Excluded, x => x.From == ReferredOn && x.To == new LocalDate(2025, 2, 21));
    }

    [Fact]
    public void a_declined_case_resumes_for_an_administrative_decision_i13() =>
        Referred().Then(Answer(ReferralOutcome.Declined, new LocalDate(2025, 2, 3)))
            .When(Conclude(on: new LocalDate(2025, 2, 4))).Single<InvestigationConcluded>();

    [Fact]
    public void an_accepted_referral_keeps_the_case_with_the_judiciary_i13()
    {
        var accepted = Referred().Then(Answer(ReferralOutcome.Accepted, new LocalDate(2025, 2, 3)));
        accepted.When(Conclude(on: new LocalDate(2025, 2, 4))).Refused(RefusalCodes.WrongStage);
        accepted.When(Close(new LocalDate(2025, 2, 4))).Single<CaseClosed>();
    }

    [Fact]
    public void an_answer_needs_a_referral_i13() =>
        FiledCase().When(Answer(ReferralOutcome.Accepted, new LocalDate(2025, 2, 3))).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void an_answer_before_the_referral_is_out_of_order_i13() =>
        Referred().When(Answer(ReferralOutcome.Declined, new LocalDate(2025, 1, 21))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void the_same_answer_again_appends_nothing_i13() =>
        Referred().Then(Answer(ReferralOutcome.Accepted, new LocalDate(2025, 2, 3)))
            .When(Answer(ReferralOutcome.Accepted, new LocalDate(2025, 2, 3))).AppendsNothing();
}

public class when_a_legal_reviewer_reviews
{
    [Fact]
    public void a_reviewer_since_before_2021_07_15_needs_no_qualification_art_58_2() =>
        HearingHeldCase().Then(ReviewRequest()).When(Review(reviewer: "veteran-reviewer")).Single<LegalReviewPassed>();

    [Fact]
    public void a_reviewer_first_reviewing_on_2021_07_15_needs_the_qualification_art_58_2() =>
        HearingHeldCase().Then(ReviewRequest()).When(Review(reviewer: "reviewer-since-2021-07-15")).Refused(RefusalCodes.ReviewerNotQualified);

    [Fact]
    public void a_reviewer_with_no_recorded_start_needs_the_qualification_art_58_2() =>
        HearingHeldCase().Then(ReviewRequest()).When(Review(reviewer: "unqualified-reviewer")).Refused(RefusalCodes.ReviewerNotQualified);

    [Fact]
    public void the_audit_reports_a_stored_review_by_a_reviewer_without_the_qualification_art_58_2()
    {
        var reviewed = HearingHeldCase().Then(ReviewRequest()).Then(Review());
        var forged = reviewed.ThenEvent(reviewed.History.OfType<LegalReviewPassed>().Single() with { ReviewerId = "reviewer-since-2021-07-15" });
        Assert.Contains(Audited.Findings(forged), f => f.Code == RefusalCodes.ReviewerNotQualified && f.Article == "行政处罚法 Art. 58(2)");
        Assert.DoesNotContain(Audited.Findings(reviewed), f => f.Code == RefusalCodes.ReviewerNotQualified);
    }

    [Fact]
    public void the_register_records_when_a_reviewer_began_art_58_2()
    {
        var officer = Fixtures.Officers["unqualified-reviewer"];
        var now = Fixtures.At(Fixtures.Today);
        var admin = Fixtures.ActorOf("head");
        var recorded = Assert.IsType<Officers.ReviewingSinceRecorded>(Assert.Single(
            Officers.OfficerRegister.Decide(new Officers.RecordReviewingSince(new LocalDate(2020, 9, 1)), officer, admin, now).Events));
        Assert.True(officer.After(recorded).MayReview(new LocalDate(2021, 7, 15)));
        Assert.True(Officers.OfficerRegister.Decide(new Officers.RecordReviewingSince(Fixtures.Today.PlusDays(1)), officer, admin, now).IsRefused);
        Assert.True(Officers.OfficerRegister.Decide(new Officers.RecordReviewingSince(new LocalDate(2020, 9, 1)), Fixtures.Officers["zhang"], admin, now).IsRefused);
    }

    [Fact]
    public void reconsideration_staff_since_before_2024_need_no_qualification_reconsideration_law_art_6() =>
        new ReconsiderationSpec([]).As("rc-veteran").When(ReconsiderationScenarios.Apply() with { ReceivedBy = ["rc-veteran"] })
            .Single<Domain.Reconsideration.ReconsiderationApplied>();

    [Fact]
    public void reconsideration_staff_new_from_2024_need_the_qualification_reconsideration_law_art_6() =>
        new ReconsiderationSpec([]).As("rc-since-2024").When(ReconsiderationScenarios.Apply() with { ReceivedBy = ["rc-since-2024"] })
            .Refused(RefusalCodes.OfficerNotCertified);
}

public class when_the_party_is_heard_on_the_spot
{
    private static readonly LocalDate On = new(2025, 1, 3);
    private static DecideOnTheSpot Spot() => new(new PenaltyTerm(PenaltyKind.Fine, 100m), "SD-0009", "zhang", On, Benchmark);

    [Fact]
    public void no_on_the_spot_decision_before_the_party_is_heard_arts_44_52() =>
        NewLead(Procedure.Simplified).When(Spot()).Refused(RefusalCodes.StatementNotRecorded);

    [Fact]
    public void the_statement_on_the_spot_allows_the_decision_arts_44_52() =>
        NewLead(Procedure.Simplified).Then(HeardOnTheSpot(On)).When(Spot()).Single<OnTheSpotDecisionMade>();

    [Fact]
    public void an_express_waiver_on_the_spot_allows_the_decision_art_62() =>
        NewLead(Procedure.Simplified).Then(new WaiveRights(On, ["zhang"])).When(Spot()).Single<OnTheSpotDecisionMade>();

    [Fact]
    public void the_statement_comes_before_the_decision_arts_44_52() =>
        HeardLead(On).Then(Spot()).When(HeardOnTheSpot(On)).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void a_general_case_hears_the_party_after_the_notice_art_45() =>
        ConcludedCase().When(HeardOnTheSpot(ConcludedOn)).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_audit_reports_an_on_the_spot_decision_without_the_party_heard_arts_44_52()
    {
        var heard = HeardLead(On).Then(Spot());
        var forged = new Spec([heard.History[0], heard.History[2]]);
        Assert.Contains(Audited.Findings(forged), f => f.Code == RefusalCodes.StatementNotRecorded);
        Assert.DoesNotContain(Audited.Findings(heard), f => f.Code == RefusalCodes.StatementNotRecorded);
    }
}
