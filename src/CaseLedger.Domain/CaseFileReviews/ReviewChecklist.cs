using System.Security.Cryptography;
using System.Text;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.CaseFileReviews;

/// <summary>What the engine read for scoring a file: the case as stored, and the conformance audit's findings on its stream.</summary>
public sealed record FileUnderReview(PenaltyCaseState Case, IReadOnlyList<Finding> Findings);

/// <summary>
/// The case-file review checklist (案卷评查, 山东省行政执法监督条例 Art. 14; domain.md §9) of 100 points, and the seeded draw of the
/// sample. The items the engine can check itself take the conformance audit's findings on the case (the same code that refuses the
/// commands, <see cref="Conformance"/>), never a second copy of its rules.
/// </summary>
public static class ReviewChecklist
{
    /// <summary>The points of each item; they add up to 100.</summary>
    public static IReadOnlyDictionary<ChecklistItem, int> Points { get; } = new Dictionary<ChecklistItem, int>
    {
        [ChecklistItem.Body] = 5,
        [ChecklistItem.Certificates] = 10,
        [ChecklistItem.TwoOfficers] = 10,
        [ChecklistItem.NoticeBeforeDecision] = 15,
        [ChecklistItem.LegalReview] = 10,
        [ChecklistItem.ProcedureOrder] = 5,
        [ChecklistItem.FactsAndEvidence] = 10,
        [ChecklistItem.Basis] = 10,
        [ChecklistItem.Discretion] = 5,
        [ChecklistItem.Documents] = 10,
        [ChecklistItem.Deadlines] = 10,
    };

    /// <summary>The items the reviewer scores, each with a note: the engine cannot judge them from the events.</summary>
    public static IReadOnlyList<ChecklistItem> ReviewerItems { get; } =
        [ChecklistItem.Body, ChecklistItem.FactsAndEvidence, ChecklistItem.Basis, ChecklistItem.Discretion];

    /// <summary>The items pre-filled from the stored events.</summary>
    public static IReadOnlyList<ChecklistItem> EngineItems { get; } = [.. Points.Keys.Except(ReviewerItems)];

    /// <summary>Which item an audit finding tells against; findings of no other item tell against the order of the procedure.</summary>
    public static ChecklistItem ItemOf(Finding finding) => finding.Code switch
    {
        RefusalCodes.OfficerNotCertified or RefusalCodes.NotFound or RefusalCodes.Forbidden or RefusalCodes.ReviewerNotQualified
            or RefusalCodes.OfficerRecused => ChecklistItem.Certificates,
        RefusalCodes.TwoOfficersRequired => ChecklistItem.TwoOfficers,
        RefusalCodes.PenaltyNoticeRequired or RefusalCodes.DefencePeriodOpen or RefusalCodes.HeavierThanNotice
            or RefusalCodes.HeavierNoticeWithoutNewFacts or RefusalCodes.StatementNotRecorded or RefusalCodes.HearingPending => ChecklistItem.NoticeBeforeDecision,
        RefusalCodes.LegalReviewRequired or RefusalCodes.LegalReviewFailed or RefusalCodes.CollectiveDiscussionRequired => ChecklistItem.LegalReview,
        RefusalCodes.DecisionDeadlinePassed or RefusalCodes.ExtensionNotAllowed => ChecklistItem.Deadlines,
        _ when finding.Kind == "deadline-missed" => ChecklistItem.Deadlines,
        _ when finding.Kind is "chain-break" or "version-gap" or "checkpoint-mismatch" => ChecklistItem.Documents,
        _ => ChecklistItem.ProcedureOrder,
    };

    /// <summary>
    /// The engine's items of one file: full points where the audit finds nothing against them, none where it does (the findings
    /// named). Documents also need the SHA-256 of the notice, the decision and its service on record (the standard documents are
    /// printed against them).
    /// </summary>
    public static IReadOnlyList<ChecklistScore> Prefill(FileUnderReview file)
    {
        // A read model that differs from the events is CaseLedger's own fault, repaired by a rebuild: nothing in the agency's file.
        var against = file.Findings.Where(f => f.Kind != "read-model").ToLookup(ItemOf);
        var unhashed = new List<string>();
        if (file.Case.Notice is { Documents.Count: 0 }) unhashed.Add("no-document-hash:penalty-notice");
        if (file.Case.Decision is { Documents.Count: 0 }) unhashed.Add("no-document-hash:decision");
        if (file.Case.Service is { Documents.Count: 0 }) unhashed.Add("no-document-hash:proof-of-service");
        return [.. EngineItems.Select(item =>
        {
            IReadOnlyList<string> codes = [.. against[item].Select(f => f.Version is { } v ? $"{f.Code}@{v}" : f.Code),
                .. item == ChecklistItem.Documents ? unhashed : []];
            return new ChecklistScore(item, Points[item], codes.Count == 0 ? Points[item] : 0, Prefilled: true,
                codes.Count == 0 ? "The conformance audit finds nothing against it." : $"The conformance audit finds: {string.Join(", ", codes.Distinct())}.",
                [.. codes.Distinct()]);
        })];
    }

    /// <summary>
    /// The seeded draw: each candidate ranked by SHA-256 of "seed:caseId", the lowest <paramref name="size"/> taken. The rank of a file
    /// depends on the seed and its own id alone, so the same seed over the same stored files draws the same sample, in any order read.
    /// </summary>
    public static IReadOnlyList<SampledFile> Draw(IEnumerable<SampledFile> candidates, long seed, int size) =>
        [.. candidates.DistinctBy(c => c.CaseId).Select(c => (Rank: Rank(seed, c.CaseId), File: c))
            .OrderBy(x => x.Rank, StringComparer.Ordinal).ThenBy(x => x.File.CaseId, StringComparer.Ordinal)
            .Take(size).Select(x => x.File)];

    private static string Rank(long seed, string caseId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:{caseId}"))));
}
