using CaseLedger.Domain.Audit;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.SupervisionMatters;
using static CaseLedger.Domain.Tests.CaseFileReviews.ReviewFixtures;

namespace CaseLedger.Domain.Tests.CaseFileReviews;

public class when_opening_a_review_campaign
{
    [Fact]
    public void the_sample_is_drawn_by_the_recorded_seed_and_the_same_seed_draws_it_again_art_14()
    {
        var opened = new ReviewSpec([]).When(Open(size: 3)).Single<ReviewCampaignOpened>();
        Assert.Equal((20250602L, 7, 3), (opened.Seed, opened.CandidateCount, opened.Files.Count));
        // The same seed over the same files, read in another order, draws the same sample in the same order.
        var again = new ReviewSpec([]) { Parties = new(SupervisionFixtures.Office, [Fixtures.Agency()], [.. Candidates.Reverse()]) }
            .When(Open(size: 3)).Single<ReviewCampaignOpened>();
        Assert.Equal(opened.Files, again.Files);
        Assert.Equal(opened.Files, ReviewChecklist.Draw(Candidates.Where(c => c.AgencyId == Fixtures.AgencyId && c.DecidedOn.Year == 2025), 20250602, 3));
        var otherSeed = new ReviewSpec([]).When(Open(size: 3, seed: 7)).Single<ReviewCampaignOpened>();
        Assert.NotEqual(opened.Files.Select(f => f.CaseId), otherSeed.Files.Select(f => f.CaseId));
    }

    [Fact]
    public void only_the_reviewed_agencies_files_decided_in_the_period_are_drawn_art_14()
    {
        var opened = new ReviewSpec([]).When(Open(agencies: [Fixtures.AgencyId, OtherAgencyId])).Single<ReviewCampaignOpened>();
        Assert.Equal(9, opened.Files.Count);
        Assert.DoesNotContain(opened.Files, f => f.DecidedOn.Year == 2024);
        new ReviewSpec([]).When(Open() with { Seed = null }).Refused(RefusalCodes.ValidationFailed);
        new ReviewSpec([]).When(Open(size: 0)).Refused(RefusalCodes.ValidationFailed);
        new ReviewSpec([]).When(Open(agencies: ["amr-nowhere"])).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void two_certified_supervision_staff_open_it_art_22()
    {
        new ReviewSpec([]).When(Open(supervisors: ["sv-1"])).Refused(RefusalCodes.TwoOfficersRequired);
        new ReviewSpec([]).When(Open(supervisors: ["sv-1", "sv-uncertified"])).Refused(RefusalCodes.OfficerNotCertified);
        new ReviewSpec([]).As("zhang").When(Open(supervisors: ["zhang", "li"])).Refused(RefusalCodes.Forbidden);
    }

    [Fact]
    public void the_organ_supervises_every_reviewed_agency_art_4()
    {
        var otherLine = SupervisionFixtures.Office with { Domain = "ecology-environment", Level = Agencies.AgencyLevel.City };
        new ReviewSpec([]) { Parties = new(otherLine, [Fixtures.Agency()], Candidates) }.When(Open()).Refused(RefusalCodes.NotSupervisingOrgan);
    }

    [Fact]
    public void opening_it_again_appends_nothing() => Opened().When(Open()).AppendsNothing();
}

public class when_assigning_reviewers
{
    [Fact]
    public void a_reviewer_is_never_staff_of_a_reviewed_agency_art_14()
    {
        Opened().When(Assign("sv-reviewed")).Refused(RefusalCodes.ReviewerFromReviewedAgency);
        // Staff of another organ may review (交叉评查), showing their supervision certificate.
        var assigned = Opened().When(Assign("sv-elsewhere", "sv-1")).Single<ReviewersAssigned>();
        Assert.Equal([("sv-elsewhere", "JD-SV-ELSEWHERE"), ("sv-1", "JD-SV-1")], assigned.Reviewers.Select(r => (r.OfficerId, r.CertificateNumber)));
    }

    [Fact]
    public void a_reviewer_holds_a_valid_supervision_certificate_art_22()
    {
        Opened().When(Assign("sv-uncertified")).Refused(RefusalCodes.OfficerNotCertified);
        Opened().When(Assign("zhang")).Refused(RefusalCodes.OfficerNotCertified);
        Opened().When(Assign("nobody")).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void assigning_them_again_appends_nothing() => Assigned().When(Assign()).AppendsNothing();
}

public class when_scoring_a_case_file
{
    [Fact]
    public void what_the_engine_checks_is_prefilled_from_the_audit_findings_art_14()
    {
        var finding = new Finding(Fixtures.CaseId, 9, "step-skipped", RefusalCodes.LegalReviewRequired, "I6 legal-review gate", "行政处罚法 Art. 58", "…");
        var scored = Assigned().With(finding).As("sv-elsewhere").When(Score(facts: 6)).Single<CaseFileScored>();
        var legalReview = scored.Items.Single(i => i.Item == ChecklistItem.LegalReview);
        Assert.Equal((true, 0), (legalReview.Prefilled, legalReview.Points));
        Assert.Equal(["legal-review-required@9"], legalReview.Findings);
        Assert.All(scored.Items.Where(i => i.Prefilled && i.Item != ChecklistItem.LegalReview), i => Assert.Equal(i.MaxPoints, i.Points));
        Assert.Equal(ReviewChecklist.Points.Keys.Order(), scored.Items.Select(i => i.Item));
        Assert.Equal(86, scored.Score);
        Assert.Equal([ChecklistItem.LegalReview, ChecklistItem.FactsAndEvidence], scored.Defects);
        Assert.Equal(["zhang", "li"], scored.HandledBy);
        Assert.Equal(100, ReviewChecklist.Points.Values.Sum());
    }

    [Fact]
    public void a_broken_chain_or_a_missed_deadline_counts_against_documents_and_deadlines_art_14()
    {
        var scored = Assigned().With(
                new Finding(Fixtures.CaseId, 4, "chain-break", "chain-hash-mismatch", "", "", "…"),
                new Finding(Fixtures.CaseId, null, "deadline-missed", "deadline-missed:service", "", "", "…"))
            .As("sv-elsewhere").When(Score()).Single<CaseFileScored>();
        Assert.Equal([ChecklistItem.Documents, ChecklistItem.Deadlines], scored.Defects);
        // A decision whose document's SHA-256 was never recorded cannot be printed against it: a defect of the documents.
        var unhashed = (Assigned() with { File = new(Scenarios.ServedCase().State!, []) }).As("sv-elsewhere").When(Score()).Single<CaseFileScored>();
        Assert.Equal(["no-document-hash:penalty-notice", "no-document-hash:proof-of-service"],
            unhashed.Items.Single(i => i.Item == ChecklistItem.Documents).Findings);
    }

    [Fact]
    public void the_reviewer_does_not_score_what_the_engine_checks_art_14() =>
        Assigned().As("sv-elsewhere").When(Score() with { Scores = [.. Marks(), new(ChecklistItem.LegalReview, 10, "已审核")] })
            .Refused(RefusalCodes.ChecklistItemPrefilled);

    [Fact]
    public void each_item_the_reviewer_scores_has_a_note_and_its_points_art_14()
    {
        Assigned().As("sv-elsewhere").When(Score() with { Scores = [.. Marks().Skip(1)] }).Refused(RefusalCodes.ValidationFailed);
        Assigned().As("sv-elsewhere").When(Score() with { Scores = [.. Marks().Skip(1), new(ChecklistItem.Body, 5, " ")] }).Refused(RefusalCodes.ValidationFailed);
        Assigned().As("sv-elsewhere").When(Score() with { Scores = [.. Marks().Skip(1), new(ChecklistItem.Body, 6, "超分")] }).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void only_a_file_of_the_sample_by_an_assigned_reviewer_art_14()
    {
        Assigned().As("sv-elsewhere").When(Score() with { CaseId = "0f3c2a91-0000-4000-8000-000000000099" }).Refused(RefusalCodes.FileNotInSample);
        Opened().Then(Assign("sv-1")).As("sv-2").When(Score("sv-2")).Refused(RefusalCodes.ReviewerNotAssigned);
        Assigned().As("sv-1").When(Score("sv-elsewhere")).Refused(RefusalCodes.Forbidden);
    }

    [Fact]
    public void a_file_is_scored_once()
    {
        var scored = Assigned().Then(Assign("sv-elsewhere-2")).As("sv-elsewhere").Then(Score());
        scored.As("sv-elsewhere").When(Score()).AppendsNothing();
        scored.As("sv-elsewhere-2").When(Score("sv-elsewhere-2")).Refused(RefusalCodes.WrongStage);
    }
}

public class when_closing_a_review_campaign_and_reading_its_results
{
    private static ReviewSpec AllScored()
    {
        var spec = new ReviewSpec([]).Then(Open(size: 2, seed: 1) with { Agencies = [Fixtures.AgencyId] }).Then(Assign());
        var files = spec.State!.Opening.Files;
        foreach (var file in files)
            spec = (spec with { File = new(Served with { CaseId = file.CaseId }, []) })
                .As("sv-elsewhere").Then(Score() with { CaseId = file.CaseId, Scores = Marks(file.CaseId == files[0].CaseId ? 4 : 10) });
        return spec.As("sv-1");
    }

    [Fact]
    public void every_sampled_file_is_scored_first_art_14()
    {
        Assigned().When(new CloseReviewCampaign(new LocalDate(2025, 6, 20), "评查完毕", Two)).Refused(RefusalCodes.WrongStage);
        AllScored().When(new CloseReviewCampaign(new LocalDate(2025, 6, 20), "评查完毕", Two)).Single<ReviewCampaignClosed>();
    }

    [Fact]
    public void the_results_are_per_agency_and_officer_art_14()
    {
        var results = ReviewResults.Of(AllScored().State!);
        var licheng = results.Agencies.Single();
        Assert.Equal((2, 2, 97.0, 94), (licheng.Sampled, licheng.Scored, licheng.MeanScore, licheng.LowestScore));
        Assert.Equal(new Dictionary<string, int> { ["facts-and-evidence"] = 1 }, licheng.DefectsByItem);
        Assert.Equal([("li", 2, 97.0), ("zhang", 2, 97.0)], results.Officers.Select(o => (o.OfficerId, o.Scored, o.MeanScore!.Value)));
    }
}

public class when_a_reviewed_files_defects_open_a_supervision_matter
{
    private static Domain.SupervisionMatters.OpenSupervisionMatter Open() =>
        SupervisionScenarios.Open() with { Source = Domain.SupervisionMatters.SupervisionSource.CaseFileReview, Complainant = null, ReviewCampaignId = ReviewSpec.Id };

    private static CaseFileScored Scored(int facts) =>
        Assigned().As("sv-elsewhere").When(Score(facts: facts)).Single<CaseFileScored>();

    [Fact]
    public void the_matter_names_the_campaign_whose_review_found_the_defects_art_14()
    {
        var parties = new Domain.SupervisionMatters.SupervisionParties(SupervisionFixtures.Office, Fixtures.Agency(), Scenarios.ServedCase().State, Scored(facts: 4));
        var opened = new SupervisionSpec([]) { Parties = parties }.When(Open()).Single<Domain.SupervisionMatters.SupervisionMatterOpened>();
        Assert.Equal((ReviewSpec.Id, Fixtures.CaseId), (opened.ReviewCampaignId, opened.CaseId));
        new SupervisionSpec([]) { Parties = parties }.When(Open() with { ReviewCampaignId = null }).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void a_file_without_defects_or_never_scored_opens_none_art_14()
    {
        new SupervisionSpec([]) { Parties = new(SupervisionFixtures.Office, Fixtures.Agency(), Scenarios.ServedCase().State, Scored(facts: 10)) }
            .When(Open()).Refused(RefusalCodes.FileWithoutDefects);
        new SupervisionSpec([]).When(Open()).Refused(RefusalCodes.NotFound);
    }
}
