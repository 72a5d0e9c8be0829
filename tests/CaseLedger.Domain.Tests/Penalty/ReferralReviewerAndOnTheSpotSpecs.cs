using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Tests.Reconsideration;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

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
