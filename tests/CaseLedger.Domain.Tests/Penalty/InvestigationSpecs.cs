using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_collecting_evidence
{
    [Fact]
    public void evidence_is_signed_by_two_officers_with_their_certificates()
    {
        var collected = FiledCase().When(Evidence()).Single<EvidenceCollected>();
        Assert.Equal("E1", collected.EvidenceId);
        Assert.Equal(["SD-ZHANG-01", "SD-LI-01"], collected.Officers.Select(o => o.CertificateNumber));
    }

    [Fact]
    public void each_item_of_evidence_is_numbered_after_the_ones_before_it()
    {
        var third = FiledCase().Then(Evidence()).Then(Evidence()).When(Evidence()).Single<EvidenceCollected>();
        Assert.Equal("E3", third.EvidenceId);
    }

    [Fact]
    public void two_officers_art_42() =>
        FiledCase().When(Evidence(officers: ["zhang"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void auxiliaries_never_count_art_42() =>
        FiledCase().When(Evidence(officers: ["zhang", "zhao"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void sealing_and_seizure_need_a_full_recording_three_systems() =>
        FiledCase().When(Evidence(measure: CoerciveMeasure.SealingSeizure)).Refused(RefusalCodes.MediaRecordRequired);

    [Fact]
    public void sealing_with_its_recording_is_collected()
    {
        var collected = FiledCase().When(Evidence(measure: CoerciveMeasure.SealingSeizure, media: Sha('E'))).Single<EvidenceCollected>();
        Assert.Equal(Sha('e'), collected.MediaSha256);
        Assert.Contains(Sha('e'), collected.Documents);
    }

    [Fact]
    public void a_hash_that_is_no_sha256_is_validation_failed() =>
        FiledCase().When(Evidence(media: "abc")).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void evidence_before_filing_is_wrong_stage() =>
        NewLead().When(Evidence()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void evidence_dated_before_filing_is_date_out_of_order() =>
        FiledCase().When(Evidence(on: new LocalDate(2025, 1, 2))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void evidence_dated_after_today_is_date_out_of_order() =>
        FiledCase().When(Evidence(on: Fixtures.Today.PlusDays(1))).Refused(RefusalCodes.DateOutOfOrder);
}

public class when_preserving_evidence
{
    private static PreserveEvidence Preserve(string? media = "f", string approvedBy = "head") =>
        new("Twelve boxes of expired milk", approvedBy, TwoOfficers, new LocalDate(2025, 1, 24), media is null ? null : Sha(media[0]));

    [Fact]
    public void preservation_needs_head_approval_art_56() =>
        FiledCase().When(Preserve(approvedBy: "wang")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void preservation_needs_a_full_recording_three_systems() =>
        FiledCase().When(Preserve(media: null)).Refused(RefusalCodes.MediaRecordRequired);

    [Fact]
    public void the_handling_decision_is_due_in_7_working_days_art_56()
    {
        var preserved = FiledCase().When(Preserve()).Single<EvidencePreserved>();
        Assert.Equal(new LocalDate(2025, 2, 10), preserved.DecisionDueOn);
    }

    [Fact]
    public void a_handling_decision_after_7_working_days_is_late_art_56() =>
        FiledCase().Then(Preserve())
            .When(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.SealOrSeize, "head", new LocalDate(2025, 2, 11)))
            .Refused(RefusalCodes.PreservationDecisionLate);

    [Fact]
    public void a_handling_decision_on_the_7th_working_day_is_in_time_art_56() =>
        FiledCase().Then(Preserve())
            .When(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.SealOrSeize, "head", new LocalDate(2025, 2, 10)))
            .Single<PreservedEvidenceDecided>();

    [Fact]
    public void deciding_the_same_handling_again_appends_nothing() =>
        FiledCase().Then(Preserve())
            .Then(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.Release, "head", new LocalDate(2025, 2, 10)))
            .When(new DecidePreservedEvidence("P1", PreservedEvidenceHandling.Release, "head", new LocalDate(2025, 2, 10)))
            .AppendsNothing();
}

public class when_concluding_the_investigation
{
    [Fact]
    public void a_penalty_outcome_proposes_penalties() =>
        InvestigatedCase().When(Conclude() with { ProposedPenalties = [] }).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void the_investigators_report_needs_two_officers_art_42() =>
        InvestigatedCase().When(Conclude() with { Officers = ["zhang"] }).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void concluding_the_same_way_again_appends_nothing() =>
        ConcludedCase().When(Conclude()).AppendsNothing();
}

public class when_recusing
{
    private static readonly LocalDate On = new(2025, 1, 10);

    private static Spec RecusedLi() =>
        FiledCase().Then(new ApplyRecusal("li", RecusalApplicant.Party, "Li is the party's cousin", On))
            .Then(new DecideRecusal("li", true, "head", On));

    [Fact]
    public void the_head_decides_art_43() =>
        FiledCase().Then(new ApplyRecusal("li", RecusalApplicant.Party, "cousin", On))
            .When(new DecideRecusal("li", true, "wang", On)).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void a_recused_officer_cannot_act_as_officer_i3_art_43() =>
        RecusedLi().When(Evidence(officers: ["zhang", "li"], on: On)).Refused(RefusalCodes.OfficerRecused);

    [Fact]
    public void a_recused_officer_cannot_preside_i3_art_43()
    {
        var spec = new Spec([]).Then(Lead()).Then(File())
            .Then(new ApplyRecusal("presider", RecusalApplicant.Officer, "knows the party", On))
            .Then(new DecideRecusal("presider", true, "head", On))
            .Then(Evidence()).Then(Conclude(LargeFine)).Then(Notice()).Then(HearingRequest());
        spec.When(Schedule()).Refused(RefusalCodes.OfficerRecused);
    }

    [Fact]
    public void a_recused_reviewer_cannot_review_i3_art_43() =>
        HearingHeldCase().Then(new ApplyRecusal("reviewer", RecusalApplicant.Party, "conflict", HearingOn))
            .Then(new DecideRecusal("reviewer", true, "head", HearingOn)).Then(ReviewRequest())
            .When(Review()).Refused(RefusalCodes.OfficerRecused);

    [Fact]
    public void a_recused_head_cannot_decide_i3_art_43() =>
        NotifiedCase().Then(new ApplyRecusal("head", RecusalApplicant.Party, "conflict", NoticeOn))
            .Then(new DecideRecusal("head", true, "deputy", NoticeOn))
            .When(Decide()).Refused(RefusalCodes.OfficerRecused);

    [Fact]
    public void a_refused_application_leaves_the_officer_acting() =>
        FiledCase().Then(new ApplyRecusal("li", RecusalApplicant.Party, "no reason", On))
            .Then(new DecideRecusal("li", false, "head", On))
            .When(Evidence(on: On)).Single<EvidenceCollected>();

    [Fact]
    public void applying_again_for_a_recused_officer_appends_nothing() =>
        RecusedLi().When(new ApplyRecusal("li", RecusalApplicant.Party, "again", On)).AppendsNothing();

    [Fact]
    public void a_decision_without_application_is_wrong_stage() =>
        FiledCase().When(new DecideRecusal("li", true, "head", On)).Refused(RefusalCodes.WrongStage);
}
