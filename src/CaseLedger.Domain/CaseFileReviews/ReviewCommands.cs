using NodaTime;

namespace CaseLedger.Domain.CaseFileReviews;

/// <summary>A command on a case-file review campaign's stream.</summary>
public interface IReviewCampaignCommand : IProceedingCommand;

/// <summary>
/// <c>POST /api/review-campaigns</c>: a case-file review campaign (案卷评查, 山东省行政执法监督条例 Art. 14) of the supervising organ
/// (<paramref name="Body"/>; left out, the recording staff's own agency), opened by two certified supervision staff (Art. 22). It
/// samples <paramref name="SampleSize"/> of the agencies' files decided in the period, drawn by <paramref name="Seed"/> (left out, the
/// engine draws one and records it): the same seed over the same stored files draws the same sample.
/// </summary>
public sealed record OpenReviewCampaign(
    string? Title,
    IReadOnlyList<string>? Agencies,
    LocalDate PeriodFrom,
    LocalDate PeriodTo,
    int SampleSize,
    LocalDate OpenedOn,
    IReadOnlyList<string>? Supervisors,
    long? Seed = null,
    string? Body = null,
    IReadOnlyList<string>? Documents = null) : IReviewCampaignCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary><c>assign-reviewers</c>: the reviewers, supervision staff holding a supervision certificate, none of a reviewed agency.</summary>
public sealed record AssignReviewers(
    IReadOnlyList<string>? Reviewers,
    LocalDate AssignedOn,
    IReadOnlyList<string>? Supervisors) : IReviewCampaignCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors?.Concat(Reviewers ?? []));
}

/// <summary>A reviewer's score of one checklist item the engine cannot check itself, with the note that says why.</summary>
public sealed record ReviewerScore(ChecklistItem Item, int Points, string? Note);

/// <summary>
/// <c>score-file</c>: one sampled file scored by an assigned reviewer. The items the engine checks itself are pre-filled from the
/// case's stored events by the conformance audit; the reviewer scores the others (<see cref="ReviewChecklist.ReviewerItems"/>), each
/// with a note.
/// </summary>
public sealed record ScoreCaseFile(
    string? CaseId,
    string? Reviewer,
    LocalDate ScoredOn,
    IReadOnlyList<ReviewerScore>? Scores,
    IReadOnlyList<string>? Documents = null) : IReviewCampaignCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of([Reviewer]);
}

/// <summary><c>close</c>: every sampled file scored, the campaign ends with its conclusion (the report per agency and officer stays a query).</summary>
public sealed record CloseReviewCampaign(
    LocalDate ClosedOn,
    string? Conclusion,
    IReadOnlyList<string>? Supervisors,
    IReadOnlyList<string>? Documents = null) : IReviewCampaignCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}
