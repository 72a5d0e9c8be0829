using NodaTime;

namespace CaseLedger.Domain.CaseFileReviews;

// Events of a case-file review campaign (案卷评查, 山东省行政执法监督条例 Art. 14). Each carries the campaign's id, the business date,
// the supervision staff who signed and who recorded it.

/// <summary>
/// The checklist (domain.md §9: body, certificates, procedure, facts and evidence, basis, discretion, documents, deadlines). The
/// engine checks certificates, two officers, notice before decision, legal review, deadlines, documents and the order of the
/// procedure from the stored events; the reviewer scores the rest.
/// </summary>
public enum ChecklistItem
{
    Body,
    Certificates,
    TwoOfficers,
    NoticeBeforeDecision,
    LegalReview,
    ProcedureOrder,
    FactsAndEvidence,
    Basis,
    Discretion,
    Documents,
    Deadlines,
}

/// <summary>A file the sample drew: a case of a reviewed agency decided in the period.</summary>
public sealed record SampledFile(string CaseId, string? CaseNumber, string AgencyId, LocalDate DecidedOn);

/// <summary>A reviewer assigned, with the supervision certificate shown (Art. 22).</summary>
public sealed record AssignedReviewer(string OfficerId, string AgencyId, string? CertificateNumber);

/// <summary>One checklist item as scored: pre-filled by the engine (with the audit findings behind it) or by the reviewer (with a note).</summary>
public sealed record ChecklistScore(ChecklistItem Item, int MaxPoints, int Points, bool Prefilled, string Note, IReadOnlyList<string> Findings);

public sealed record ReviewCampaignOpened(
    string CampaignId, string Title, string Body, IReadOnlyList<string> Agencies, LocalDate PeriodFrom, LocalDate PeriodTo,
    int SampleSize, long Seed, int CandidateCount, IReadOnlyList<SampledFile> Files, LocalDate OpenedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReviewersAssigned(
    string CampaignId, IReadOnlyList<AssignedReviewer> Reviewers, LocalDate AssignedOn,
    IReadOnlyList<OfficerSignature> Officers, string RecordedBy);

/// <summary>A file scored: its items, total (of 100) and defects (the items short of their points); <see cref="HandledBy"/> the case's officers.</summary>
public sealed record CaseFileScored(
    string CampaignId, string CaseId, string? CaseNumber, string AgencyId, IReadOnlyList<string> HandledBy, string Reviewer, LocalDate ScoredOn,
    IReadOnlyList<ChecklistScore> Items, int Score, IReadOnlyList<ChecklistItem> Defects,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReviewCampaignClosed(
    string CampaignId, string Conclusion, LocalDate ClosedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>A campaign as its events made it. Built by <see cref="ReviewCampaign.Evolve"/> only.</summary>
public sealed record ReviewCampaignState(ReviewCampaignOpened Opening)
{
    public string Id => Opening.CampaignId;
    /// <summary>The supervising organ.</summary>
    public string Body => Opening.Body;
    public IReadOnlyList<AssignedReviewer> Reviewers { get; init; } = [];
    public IReadOnlyList<CaseFileScored> Scored { get; init; } = [];
    public ReviewCampaignClosed? Closure { get; init; }

    public CaseFileScored? ScoreOf(string caseId) => Scored.FirstOrDefault(s => s.CaseId == caseId);

    internal ReviewCampaignState Apply(object @event) => @event switch
    {
        ReviewersAssigned e => this with { Reviewers = [.. Reviewers, .. e.Reviewers.Where(r => Reviewers.All(x => x.OfficerId != r.OfficerId))] },
        CaseFileScored e => this with { Scored = [.. Scored, e] },
        ReviewCampaignClosed e => this with { Closure = e },
        _ => this,
    };
}
