using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_deciding
{
    [Fact]
    public void a_decision_after_the_notice_and_the_defence_period()
    {
        var made = DecidedCase().History.OfType<DecisionMade>().Single();
        Assert.Equal("amr-licheng-2025-0f3c2a91-D", made.DecisionNumber);
        Assert.Equal(new OfficerSignature("head", "SD-HEAD-01", SignatureCapacity.Decider), Assert.Single(made.Officers));
        Assert.Equal([Sha('d')], made.Documents);
    }

    [Fact]
    public void notice_before_decision_art_62() =>
        ConcludedCase().When(Decide()).Refused(RefusalCodes.PenaltyNoticeRequired);

    [Fact]
    public void no_decision_during_the_defence_period_art_45() =>
        NotifiedCase().When(Decide(on: new LocalDate(2025, 2, 7))).Refused(RefusalCodes.DefencePeriodOpen);

    [Fact]
    public void an_express_waiver_closes_the_defence_period_art_62() =>
        NotifiedCase().Then(new WaiveRights(new LocalDate(2025, 1, 27))).When(Decide(on: new LocalDate(2025, 1, 27))).Single<DecisionMade>();

    [Fact]
    public void never_heavier_than_the_notice_art_45() =>
        NotifiedCase().When(Decide([new PenaltyTerm(PenaltyKind.Fine, 6_000m)])).Refused(RefusalCodes.HeavierThanNotice);

    [Fact]
    public void a_new_penalty_kind_is_heavier_art_45() =>
        NotifiedCase().When(Decide([new PenaltyTerm(PenaltyKind.Fine, 5_000m), new PenaltyTerm(PenaltyKind.Confiscation, 100m)]))
            .Refused(RefusalCodes.HeavierThanNotice);

    [Fact]
    public void a_lighter_decision_after_defence_is_allowed_art_45() =>
        NotifiedCase().When(Decide([new PenaltyTerm(PenaltyKind.Fine, 3_000m)])).Single<DecisionMade>();

    [Fact]
    public void a_new_notice_for_new_facts_allows_the_heavier_penalty_art_45() =>
        NotifiedCase().Then(Evidence(on: new LocalDate(2025, 2, 7))).Then(Notice([new PenaltyTerm(PenaltyKind.Fine, 8_000m)], on: new LocalDate(2025, 2, 10)))
            .When(Decide([new PenaltyTerm(PenaltyKind.Fine, 8_000m)], on: new LocalDate(2025, 2, 18))).Single<DecisionMade>();

    [Fact]
    public void a_timely_hearing_request_blocks_the_decision_art_64() =>
        HearingRequestedCase().When(Decide(LargeFine)).Refused(RefusalCodes.HearingPending);

    [Fact]
    public void a_scheduled_hearing_not_yet_held_blocks_the_decision_art_64() =>
        HearingRequestedCase().Then(Schedule()).When(Decide(LargeFine)).Refused(RefusalCodes.HearingPending);

    [Fact]
    public void a_waived_hearing_no_longer_blocks_the_decision_art_64() =>
        HearingRequestedCase().Then(Schedule()).Then(Hold(appeared: false)).When(Decide(LargeFine)).Single<DecisionMade>();

    [Fact]
    public void a_case_that_went_through_a_hearing_needs_legal_review_art_58() =>
        HearingHeldCase().When(Decide(LargeFine)).Refused(RefusalCodes.LegalReviewRequired);

    [Fact]
    public void a_major_case_needs_legal_review_art_58() =>
        NotifiedCase(major: true).When(Decide()).Refused(RefusalCodes.LegalReviewRequired);

    [Fact]
    public void a_fine_at_the_policy_threshold_needs_legal_review_outline_item_23()
    {
        IReadOnlyList<PenaltyTerm> fine = [new PenaltyTerm(PenaltyKind.Fine, 50_000m)];
        NotifiedCase(fine).Then(new WaiveRights(new LocalDate(2025, 1, 27))).When(Decide(fine)).Refused(RefusalCodes.LegalReviewRequired);
    }

    [Fact]
    public void a_penalty_in_the_agency_catalogue_needs_legal_review_outline_item_23()
    {
        IReadOnlyList<PenaltyTerm> revocation = [new PenaltyTerm(PenaltyKind.LicenceRevocation, null)];
        NotifiedCase(revocation).Then(new WaiveRights(new LocalDate(2025, 1, 27))).When(Decide(revocation)).Refused(RefusalCodes.LegalReviewRequired);
    }

    [Fact]
    public void the_latest_review_failed_art_58() =>
        HearingHeldCase().Then(ReviewRequest()).Then(Review(ReviewOutcome.Failed)).When(Decide(LargeFine)).Refused(RefusalCodes.LegalReviewFailed);

    [Fact]
    public void a_passed_review_after_a_failed_one_allows_the_decision_art_58() =>
        HearingHeldCase().Then(ReviewRequest()).Then(Review(ReviewOutcome.Failed))
            .Then(ReviewRequest(ReviewedOn)).Then(Review(on: ReviewedOn)).When(Decide(LargeFine)).Single<DecisionMade>();

    [Fact]
    public void a_major_case_needs_collective_discussion_art_57() =>
        NotifiedCase(major: true).Then(ReviewRequest(new LocalDate(2025, 2, 10))).Then(Review(on: new LocalDate(2025, 2, 11)))
            .When(Decide()).Refused(RefusalCodes.CollectiveDiscussionRequired);

    [Fact]
    public void a_complex_case_with_review_and_discussion_is_decided_art_57() =>
        NotifiedCase(complex: true).Then(ReviewRequest(new LocalDate(2025, 2, 10))).Then(Review(on: new LocalDate(2025, 2, 11)))
            .Then(Discussion()).When(Decide()).Single<DecisionMade>();

    [Fact]
    public void a_fine_cites_benchmark_level_and_reason_art_34_i8() =>
        NotifiedCase().When(Decide(discretion: Benchmark with { Reason = " " })).Refused(RefusalCodes.DiscretionReasonRequired);

    [Fact]
    public void a_fine_without_discretion_is_refused_art_34_i8() =>
        NotifiedCase().When(Decide(withoutDiscretion: true)).Refused(RefusalCodes.DiscretionReasonRequired);

    [Fact]
    public void ninety_days_from_filing_art_60() =>
        NotifiedCase().When(Decide(on: new LocalDate(2025, 4, 4))).Refused(RefusalCodes.DecisionDeadlinePassed);

    [Fact]
    public void the_ninetieth_day_is_in_time_art_60() =>
        NotifiedCase().When(Decide(on: new LocalDate(2025, 4, 3))).Single<DecisionMade>();

    [Fact]
    public void the_earliest_missing_step_is_named_notice_before_review_and_discussion() =>
        ConcludedCase(major: true).When(Decide(withoutDiscretion: true)).Refused(RefusalCodes.PenaltyNoticeRequired);

    [Fact]
    public void the_earliest_missing_step_is_named_defence_before_hearing() =>
        HearingRequestedCase().When(Decide(LargeFine, on: new LocalDate(2025, 2, 6))).Refused(RefusalCodes.DefencePeriodOpen);

    [Fact]
    public void the_earliest_missing_step_is_named_review_before_discussion() =>
        NotifiedCase(major: true).When(Decide(withoutDiscretion: true)).Refused(RefusalCodes.LegalReviewRequired);

    [Fact]
    public void the_earliest_missing_step_is_named_discussion_before_discretion() =>
        NotifiedCase(major: true).Then(ReviewRequest(new LocalDate(2025, 2, 10))).Then(Review(on: new LocalDate(2025, 2, 11)))
            .When(Decide(withoutDiscretion: true)).Refused(RefusalCodes.CollectiveDiscussionRequired);

    [Fact]
    public void the_decider_is_an_agency_head() =>
        NotifiedCase().When(Decide(decidedBy: "zhang")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void a_decision_dated_before_the_notice_is_date_out_of_order() =>
        NotifiedCase().When(Decide(on: new LocalDate(2025, 1, 23))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void deciding_the_same_again_appends_nothing() =>
        DecidedCase().When(Decide()).AppendsNothing();

    [Fact]
    public void a_suspected_crime_is_referred_never_decided_art_27_i13() =>
        InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.Referral)).When(Decide()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void a_no_penalty_decision_needs_no_notice_art_33() =>
        InvestigatedCase().Then(Conclude(outcome: InvestigationOutcome.NoPenalty))
            .When(Decide(outcome: InvestigationOutcome.NoPenalty)).Single<DecisionMade>();
}

public class when_suspending_and_extending
{
    private static SuspendCase Suspend(LocalDate on) => new("Awaiting a laboratory test", on, "head");

    [Fact]
    public void a_suspension_stops_the_90_day_clock_art_60() =>
        NotifiedCase().Then(Suspend(new LocalDate(2025, 2, 10))).Then(new ResumeCase(new LocalDate(2025, 2, 20), "head"))
            .When(Decide(on: new LocalDate(2025, 4, 13))).Single<DecisionMade>();

    [Fact]
    public void the_suspended_days_and_no_more_are_added_art_60() =>
        // 90 + 10 suspended days end on Sunday 2025-04-13, moved to Monday the 14th by the policy's rest-day extension.
        NotifiedCase().Then(Suspend(new LocalDate(2025, 2, 10))).Then(new ResumeCase(new LocalDate(2025, 2, 20), "head"))
            .When(Decide(on: new LocalDate(2025, 4, 15))).Refused(RefusalCodes.DecisionDeadlinePassed);

    [Fact]
    public void no_decision_while_suspended() =>
        NotifiedCase().Then(Suspend(new LocalDate(2025, 2, 10))).When(Decide()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void suspending_twice_appends_nothing() =>
        FiledCase().Then(Suspend(new LocalDate(2025, 2, 10))).When(Suspend(new LocalDate(2025, 2, 11))).AppendsNothing();

    [Fact]
    public void resuming_a_running_case_appends_nothing() =>
        FiledCase().When(new ResumeCase(new LocalDate(2025, 2, 20), "head")).AppendsNothing();

    [Fact]
    public void an_approved_extension_moves_the_limit_samr() =>
        NotifiedCase().Then(new ExtendDecisionDeadline(30, "head", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .When(Decide(on: new LocalDate(2025, 5, 3))).Single<DecisionMade>();

    [Fact]
    public void the_head_extends_by_at_most_30_days_samr() =>
        NotifiedCase().When(new ExtendDecisionDeadline(31, "head", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .Refused(RefusalCodes.ExtensionNotAllowed);

    [Fact]
    public void a_further_extension_needs_collective_discussion_samr() =>
        NotifiedCase().Then(new ExtendDecisionDeadline(30, "head", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .When(new ExtendDecisionDeadline(30, "head", "Still pending", new LocalDate(2025, 4, 30))).Refused(RefusalCodes.ExtensionNotAllowed);

    [Fact]
    public void a_further_extension_after_collective_discussion_samr() =>
        NotifiedCase().Then(new ExtendDecisionDeadline(30, "head", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .Then(Discussion(on: new LocalDate(2025, 4, 28)))
            .When(new ExtendDecisionDeadline(30, "head", "Still pending", new LocalDate(2025, 4, 30))).Single<DecisionDeadlineExtended>();

    [Fact]
    public void an_extension_is_approved_by_a_head_samr() =>
        NotifiedCase().When(new ExtendDecisionDeadline(30, "zhang", "Expert opinion pending", new LocalDate(2025, 3, 31)))
            .Refused(RefusalCodes.OfficerNotCertified);
}
