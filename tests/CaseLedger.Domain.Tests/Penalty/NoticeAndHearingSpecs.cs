using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_serving_the_penalty_notice
{
    [Fact]
    public void the_notice_states_the_hearing_right_for_a_large_fine_art_63()
    {
        var notice = ConcludedCase(LargeFine).When(Notice()).Single<PenaltyNoticeServed>();
        Assert.True(notice.HearingRightStated);
        Assert.Equal(new LocalDate(2025, 2, 7), notice.HearingRequestDueOn);
        Assert.Equal(new LocalDate(2025, 2, 7), notice.DefenceDueOn);
    }

    [Fact]
    public void no_hearing_right_below_the_threshold_art_63() =>
        Assert.False(ConcludedCase().When(Notice()).Single<PenaltyNoticeServed>().HearingRightStated);

    [Fact]
    public void the_organisation_threshold_applies_to_an_organisation_art_63() =>
        Assert.False(new Spec([]).Then(Lead(party: PartyKind.Organisation)).Then(File()).Then(Conclude(LargeFine))
            .When(Notice()).Single<PenaltyNoticeServed>().HearingRightStated);

    [Fact]
    public void licence_revocation_states_the_hearing_right_art_63() =>
        Assert.True(ConcludedCase([new PenaltyTerm(PenaltyKind.LicenceRevocation, null)])
            .When(Notice()).Single<PenaltyNoticeServed>().HearingRightStated);

    [Fact]
    public void stop_production_states_the_hearing_right_art_63() =>
        Assert.True(ConcludedCase([new PenaltyTerm(PenaltyKind.StopProduction, null)])
            .When(Notice()).Single<PenaltyNoticeServed>().HearingRightStated);

    [Fact]
    public void the_notice_follows_the_conclusion_art_44() =>
        InvestigatedCase().When(Notice()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_notice_states_the_proposed_penalties_of_the_conclusion_art_44() =>
        Assert.Equal(SmallFine, ConcludedCase().When(Notice()).Single<PenaltyNoticeServed>().ProposedPenalties);
}

public class when_recording_a_statement
{
    [Fact]
    public void each_point_needs_its_reexamination_art_45() =>
        NotifiedCase().When(new RecordStatement(new LocalDate(2025, 1, 27),
            [new StatementPoint("The milk was within date", null, false)], ["zhang"])).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void a_reexamined_statement_is_recorded_art_45() =>
        NotifiedCase().When(new RecordStatement(new LocalDate(2025, 1, 27),
            [new StatementPoint("The milk was within date", "Labels show 2024-12-01; not adopted", false)], ["zhang"]))
            .Single<StatementRecorded>();

    [Fact]
    public void a_statement_before_the_notice_is_wrong_stage_art_45() =>
        ConcludedCase().When(new RecordStatement(new LocalDate(2025, 1, 27), [new StatementPoint("p", "r", true)], ["zhang"]))
            .Refused(RefusalCodes.WrongStage);

    [Fact]
    public void waiving_twice_appends_nothing() =>
        NotifiedCase().Then(new WaiveRights(new LocalDate(2025, 1, 27))).When(new WaiveRights(new LocalDate(2025, 1, 27))).AppendsNothing();
}

public class when_requesting_a_hearing
{
    [Fact]
    public void a_request_on_the_5th_working_day_is_in_time_art_64() =>
        NotifiedCase(LargeFine).When(HearingRequest(new LocalDate(2025, 2, 7))).Single<HearingRequested>();

    [Fact]
    public void a_request_on_the_adjusted_working_saturday_is_late_art_64() =>
        NotifiedCase(LargeFine).On(new LocalDate(2025, 2, 8)).When(HearingRequest(new LocalDate(2025, 2, 8)))
            .Refused(RefusalCodes.HearingRequestLate);

    [Fact]
    public void without_the_hearing_right_no_hearing_art_63() =>
        NotifiedCase().When(HearingRequest()).Refused(RefusalCodes.HearingNotAvailable);

    [Fact]
    public void a_notice_served_before_2021_07_15_gave_the_old_3_day_window_old_law_art_42()
    {
        var spec = new Spec([]).Then(Lead(actEnded: new LocalDate(2021, 3, 1), discovered: new LocalDate(2021, 5, 6)))
            .Then(File(new LocalDate(2021, 5, 7))).Then(Conclude(LargeFine, on: new LocalDate(2021, 6, 1)))
            .Then(Notice(on: new LocalDate(2021, 6, 2)));
        Assert.Equal(new LocalDate(2021, 6, 7), spec.State!.Notice!.HearingRequestDueOn);
        spec.When(HearingRequest(new LocalDate(2021, 6, 8))).Refused(RefusalCodes.HearingRequestLate);
    }

    [Fact]
    public void requesting_twice_appends_nothing() =>
        HearingRequestedCase().When(HearingRequest()).AppendsNothing();

    [Fact]
    public void after_an_express_waiver_no_hearing_art_62() =>
        NotifiedCase(LargeFine).Then(new WaiveRights(new LocalDate(2025, 1, 27)))
            .When(HearingRequest()).Refused(RefusalCodes.HearingNotAvailable);
}

public class when_scheduling_a_hearing
{
    [Fact]
    public void notice_on_the_7th_working_day_before_is_enough_art_64() =>
        HearingRequestedCase().When(Schedule()).Single<HearingScheduled>();

    [Fact]
    public void notice_fewer_than_7_working_days_before_is_too_short_art_64() =>
        HearingRequestedCase().When(Schedule(hearingOn: new LocalDate(2025, 2, 13))).Refused(RefusalCodes.HearingNoticeTooShort);

    [Fact]
    public void an_investigator_never_presides_art_64()
    {
        var spec = NewLead().Then(File(officers: ["zhang", "investigating-presider"])).Then(Conclude(LargeFine)).Then(Notice())
            .Then(HearingRequest());
        spec.When(Schedule(presider: "investigating-presider")).Refused(RefusalCodes.PresiderIsInvestigator);
    }

    [Fact]
    public void the_presider_holds_the_hearing_presider_role_art_64() =>
        HearingRequestedCase().When(Schedule(presider: "wang")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void no_hearing_without_a_request_art_64() =>
        NotifiedCase(LargeFine).When(Schedule()).Refused(RefusalCodes.WrongStage);
}

public class when_holding_a_hearing
{
    [Fact]
    public void a_no_show_waives_the_hearing_art_64() =>
        HearingRequestedCase().Then(Schedule()).When(Hold(appeared: false)).Single<HearingWaived>();

    [Fact]
    public void a_held_hearing_needs_its_record_art_64() =>
        HearingRequestedCase().Then(Schedule()).When(Hold() with { TranscriptSha256 = null }).Refused(RefusalCodes.MediaRecordRequired);

    [Fact]
    public void holding_before_the_scheduled_date_is_date_out_of_order() =>
        HearingRequestedCase().Then(Schedule()).When(Hold(on: new LocalDate(2025, 2, 13))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void the_decision_cites_the_hearing_record_art_65()
    {
        var made = ReviewedAfterHearingCase().When(Decide(LargeFine)).Single<DecisionMade>();
        Assert.Equal(Sha('a'), made.HearingRecordSha256);
    }
}

public class when_reviewing
{
    [Fact]
    public void the_reviewer_needs_the_legal_professional_qualification_art_58() =>
        HearingHeldCase().Then(ReviewRequest()).When(Review(reviewer: "unqualified-reviewer")).Refused(RefusalCodes.ReviewerNotQualified);

    [Fact]
    public void the_reviewer_needs_the_legal_reviewer_role_art_58() =>
        HearingHeldCase().Then(ReviewRequest()).When(Review(reviewer: "wang")).Refused(RefusalCodes.ReviewerNotQualified);

    [Fact]
    public void an_investigator_never_reviews_outline_item_23() =>
        NewLead().Then(File(officers: ["zhang", "investigating-reviewer"])).Then(Conclude(major: true)).Then(ReviewRequest())
            .When(Review(reviewer: "investigating-reviewer")).Refused(RefusalCodes.ReviewerIsInvestigator);

    [Fact]
    public void the_review_comes_after_any_hearing_art_58() =>
        HearingRequestedCase().When(ReviewRequest()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void completing_without_a_request_is_wrong_stage() =>
        HearingHeldCase().When(Review()).Refused(RefusalCodes.WrongStage);
}

public class when_holding_a_collective_discussion
{
    [Fact]
    public void two_agency_heads_take_part_art_57() =>
        ConcludedCase(major: true).When(Discussion(participants: ["head", "wang"])).Refused(RefusalCodes.CollectiveDiscussionRequired);

    [Fact]
    public void minutes_are_kept_art_57() =>
        ConcludedCase(major: true).When(Discussion(minutes: null)).Refused(RefusalCodes.CollectiveDiscussionRequired);

    [Fact]
    public void the_discussion_is_recorded_with_its_minutes_art_57() =>
        Assert.Equal(Sha('c'), ConcludedCase(major: true).When(Discussion(on: ConcludedOn)).Single<CollectiveDiscussionHeld>().MinutesSha256);
}

/// <summary>A hearing presider holds the provincial presider certificate (山东省行政执法监督条例 Art. 11), checked when the hearing is scheduled and held.</summary>
public class when_a_presider_without_the_presider_certificate_is_named
{
    [Fact]
    public void scheduling_a_hearing_with_a_presider_without_the_certificate_is_refused_art_11() =>
        HearingRequestedCase().When(Schedule(presider: "uncertified-presider")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void a_presider_certificate_expired_before_the_hearing_day_is_refused_art_11()
    {
        var expired = HearingRequestedCase().When(Schedule(hearingOn: new LocalDate(2031, 1, 6), noticeOn: new LocalDate(2025, 2, 6)));
        expired.Refused(RefusalCodes.OfficerNotCertified);
    }

    [Fact]
    public void holding_the_hearing_checks_the_presiders_certificate_again_art_11()
    {
        var scheduled = HearingRequestedCase().Then(Schedule());
        var presider = Fixtures.Officers["presider"];
        var revoked = presider with { Certificates = [.. presider.Certificates.Select(c => c.Kind == CertificateKind.Presider ? c with { RevokedOn = HearingOn } : c)] };
        var officers = Fixtures.Officers.ToDictionary(o => o.Key, o => o.Key == "presider" ? revoked : o.Value);
        var context = Fixtures.Context("head", HearingOn) with { Officers = officers };
        PenaltyCase.Decide(Hold(), scheduled.State, context).Refused(RefusalCodes.OfficerNotCertified);
    }
}
