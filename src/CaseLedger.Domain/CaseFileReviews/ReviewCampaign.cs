using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.SupervisionMatters;
using NodaTime;

namespace CaseLedger.Domain.CaseFileReviews;

/// <summary>What the engine read for opening a campaign: the supervising organ, the reviewed agencies and their files decided in the period.</summary>
public sealed record ReviewCampaignParties(Agency? Organ, IReadOnlyList<Agency> Agencies, IReadOnlyList<SampledFile> Candidates);

/// <summary>
/// A case-file review campaign (案卷评查, 山东省行政执法监督条例 Art. 14; domain.md §9) as a pure decider on its own stream: the
/// supervising organ samples the reviewed agencies' files by a recorded seed, assigns reviewers from outside the reviewed agencies,
/// scores each file against the checklist (<see cref="ReviewChecklist"/>) and closes it; the results per agency and officer are a
/// query over its scores (<see cref="ReviewResults"/>). A file's defects may open a supervision matter (its source
/// <see cref="SupervisionSource.CaseFileReview"/>).
/// </summary>
public static class ReviewCampaign
{
    /// <summary>The kebab-case command names; <c>open</c> opens the stream (<c>POST /api/review-campaigns</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["open"] = typeof(OpenReviewCampaign),
        ["assign-reviewers"] = typeof(AssignReviewers),
        ["score-file"] = typeof(ScoreCaseFile),
        ["close"] = typeof(CloseReviewCampaign),
    };

    public static IReadOnlyList<Type> EventTypes { get; } =
        [typeof(ReviewCampaignOpened), typeof(ReviewersAssigned), typeof(CaseFileScored), typeof(ReviewCampaignClosed)];

    public static ReviewCampaignState? Evolve(ReviewCampaignState? state, object @event) => (state, @event) switch
    {
        (null, ReviewCampaignOpened e) => new ReviewCampaignState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    /// <summary>Pure: the events the command appends, nothing when the stream is already where it asks, or a refusal.</summary>
    /// <param name="parties">What the engine read for <c>open</c>; null otherwise.</param>
    /// <param name="file">What the engine read for <c>score-file</c>: the case and the audit's findings on it; null otherwise.</param>
    public static Decision Decide(IReviewCampaignCommand command, ReviewCampaignState? state, CaseContext context,
        ReviewCampaignParties? parties = null, FileUnderReview? file = null) =>
        (command, state) switch
        {
            (OpenReviewCampaign c, _) => ReviewCampaignSteps.Decide(c, state, context, parties ?? new(null, [], [])),
            (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Review campaign '{context.CaseId}' does not exist."),
            (AssignReviewers c, var s) => ReviewCampaignSteps.Decide(c, s, context),
            (ScoreCaseFile c, var s) => ReviewCampaignSteps.Decide(c, s, context, file),
            (CloseReviewCampaign c, var s) => ReviewCampaignSteps.Decide(c, s, context),
            _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a review campaign command."),
        };

    /// <summary>Where the campaign stands.</summary>
    public static string StageOf(ReviewCampaignState s) =>
        s.Closure is not null ? "closed"
        : s.Reviewers.Count == 0 ? "opened"
        : s.Scored.Count < s.Opening.Files.Count ? "under-review"
        : "scored";

    /// <summary>The organ's supervision staff review: at least two (one to score a file), each with a valid supervision certificate (Art. 22).</summary>
    internal static Step By(LocalDate on, IEnumerable<string>? staff, int minimum = SupervisionLaw.SupervisorsMinimum) =>
        new Step(on) { Staffing = Reviewing }.By(staff, minimum);

    private static readonly Staffing Reviewing = new([Role.SupervisionStaff], QualificationRequired: false, "case-file review")
    {
        SupervisionCertificate = true,
        MinimumRule = "山东省行政执法监督条例 Art. 22",
    };

    /// <summary>The agencies whose staff act on the campaign when it scores a file: the organ and the reviewers' own agencies.</summary>
    public static IReadOnlyCollection<string> ScoringAgencies(ReviewCampaignState s) => [s.Body, .. s.Reviewers.Select(r => r.AgencyId).Distinct()];
}
