namespace CaseLedger.Domain.CaseFileReviews;

/// <summary>An agency's files in the campaign: drawn, scored, their mean score (of 100) and how many files fell short on each item.</summary>
public sealed record AgencyReviewResult(string AgencyId, int Sampled, int Scored, double? MeanScore, int? LowestScore, IReadOnlyDictionary<string, int> DefectsByItem);

/// <summary>An officer's files in the campaign (the case's investigators): scored, mean score and defects.</summary>
public sealed record OfficerReviewResult(string OfficerId, string AgencyId, int Scored, double? MeanScore, int Defects);

/// <summary>Files scored (of 100): how many, their mean (2 decimals), the lowest and the items that fell short, summed over the files.</summary>
public sealed record ReviewScores(int Scored, double? MeanScore, int? LowestScore, int Defects)
{
    public static ReviewScores Of(IReadOnlyCollection<CaseFileScored> files) =>
        new(files.Count, files.Count == 0 ? null : Math.Round(files.Average(x => x.Score), 2), files.Count == 0 ? null : files.Min(x => x.Score),
            files.Sum(x => x.Defects.Count));
}

/// <summary>What <c>GET /api/review-campaigns/{id}/results</c> and <c>caseledger reviews</c> report (山东省行政执法监督条例 Art. 14: per agency and officer).</summary>
public sealed record ReviewResults(
    string CampaignId, string Title, string Body, string Stage, long Seed, int CandidateCount, int Sampled, int Scored, double? MeanScore,
    IReadOnlyList<AgencyReviewResult> Agencies, IReadOnlyList<OfficerReviewResult> Officers, IReadOnlyList<CaseFileScored> Files)
{
    public static ReviewResults Of(ReviewCampaignState s)
    {
        var agencies = s.Opening.Agencies.Select(agency =>
        {
            var scored = s.Scored.Where(x => x.AgencyId == agency).ToList();
            return new AgencyReviewResult(agency, s.Opening.Files.Count(f => f.AgencyId == agency), scored.Count, Mean(scored),
                scored.Count == 0 ? null : scored.Min(x => x.Score),
                scored.SelectMany(x => x.Defects).GroupBy(i => Words.Kebab(i)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        }).ToList();
        var officers = OfficersOf(s.Scored);
        return new ReviewResults(s.Id, s.Opening.Title, s.Body, ReviewCampaign.StageOf(s), s.Opening.Seed, s.Opening.CandidateCount, s.Opening.Files.Count,
            s.Scored.Count, Mean(s.Scored), agencies, officers, s.Scored);
    }

    /// <summary>Per officer (the case's investigators) over <paramref name="files"/>: a campaign's, or an assessment period's.</summary>
    public static IReadOnlyList<OfficerReviewResult> OfficersOf(IEnumerable<CaseFileScored> files) =>
        [.. files.SelectMany(x => x.HandledBy.Select(officer => (officer, x)))
            .GroupBy(p => (p.officer, p.x.AgencyId))
            .Select(g => new OfficerReviewResult(g.Key.officer, g.Key.AgencyId, g.Count(), Mean([.. g.Select(p => p.x)]), g.Sum(p => p.x.Defects.Count)))
            .OrderBy(o => o.AgencyId, StringComparer.Ordinal).ThenBy(o => o.OfficerId, StringComparer.Ordinal)];

    private static double? Mean(IReadOnlyCollection<CaseFileScored> files) => ReviewScores.Of(files).MeanScore;
}
