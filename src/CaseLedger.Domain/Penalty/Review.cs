using CaseLedger.Domain.Officers;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>request-legal-review</c>: the case goes to legal review (法制审核), after any hearing (Art. 58).</summary>
public sealed record RequestLegalReview(
    LocalDate On,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>complete-legal-review</c>: a qualified reviewer who did not investigate passes or fails the case (Art. 58; Outline item 23).</summary>
public sealed record CompleteLegalReview(
    string? ReviewerId,
    ReviewOutcome Outcome,
    string? Opinion,
    LocalDate On,
    string? OpinionSha256 = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ReviewerId);
}

/// <summary><c>hold-collective-discussion</c>: the agency's leaders discuss a major or complex case, with minutes (Art. 57).</summary>
public sealed record HoldCollectiveDiscussion(
    IReadOnlyList<string>? Participants,
    string? Resolution,
    string? MinutesSha256,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Participants);
}

internal static class Review
{
    public static Decision Decide(RequestLegalReview c, PenaltyCaseState s, CaseContext context)
    {
        if (s.ReviewRequest is not null && s.Decision is null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers).After(s.Conclusion?.ConcludedOn, "conclusion of the investigation")
            .After(s.Hearing?.HeldOn, "hearing");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Concluded(s)
                ?? (Law.HearingPending(s) ? Valid.WrongStage("Hold the hearing first: legal review comes after any hearing.") : null))
            .Then(() => Decision.Accept(new LegalReviewRequested(
                s.CaseId, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(CompleteLegalReview c, PenaltyCaseState s, CaseContext context)
    {
        if (s.ReviewRequest is not null && s.Review is { } done && done.ReviewedOn >= s.ReviewRequest.RequestedOn
            && done.Passed == (c.Outcome == ReviewOutcome.Passed) && done.ReviewerId == c.ReviewerId)
            return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Reviewer, c.ReviewerId).After(s.ReviewRequest?.RequestedOn, "review request");
        return (Valid.Required(c.ReviewerId, "reviewerId") ?? Valid.Required(c.Opinion, "opinion") ?? Valid.Required(c.On, "on")
                ?? Valid.Sha256(c.OpinionSha256, "opinionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Concluded(s)
                ?? (s.ReviewRequest is null ? Valid.WrongStage("Request the legal review first (request-legal-review).") : null)
                ?? (s.Review is { Passed: true } ? Valid.WrongStage("The legal review passed already.") : null)
                ?? Qualified(context.Officers[c.ReviewerId!])
                ?? (s.Investigators.Contains(c.ReviewerId!)
                    ? new Refusal(RefusalCodes.ReviewerIsInvestigator, $"'{c.ReviewerId}' investigated this case and may not review it.")
                    : null))
            .Then(() =>
            {
                var officers = step.Signatures(context, s.AgencyDomain);
                var documents = Valid.Hashes(c.Documents, c.OpinionSha256);
                return Decision.Accept(c.Outcome == ReviewOutcome.Passed
                    ? new LegalReviewPassed(s.CaseId, c.ReviewerId!, c.Opinion!, c.On, officers, documents, context.Actor.Id)
                    : new LegalReviewFailed(s.CaseId, c.ReviewerId!, c.Opinion!, c.On, officers, documents, context.Actor.Id));
            });
    }

    public static Decision Decide(HoldCollectiveDiscussion c, PenaltyCaseState s, CaseContext context)
    {
        var participants = (c.Participants ?? []).Distinct().ToList();
        var step = new Step(c.On).As(SignatureCapacity.Participant, participants).After(s.Conclusion?.ConcludedOn, "conclusion of the investigation");
        var heads = participants.Count(p => p is not null && context.Officers.TryGetValue(p, out var o) && o.Has(Role.AgencyHead) && !o.IsAuxiliary);
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Resolution, "resolution")
                ?? (participants.Count == 0 ? Valid.Fail("participants are required.") : null)
                ?? Valid.Sha256(c.MinutesSha256, "minutesSha256")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Filed(s)
                ?? (s.Decision is not null ? Valid.WrongStage("The decision was made already.") : null)
                ?? (Law.HearingPending(s) ? Valid.WrongStage("Hold the hearing first.") : null)
                ?? (heads < 2
                    ? new Refusal(RefusalCodes.CollectiveDiscussionRequired, $"A collective discussion needs at least two agency heads; {heads} took part (Art. 57).")
                    : null)
                ?? (c.MinutesSha256 is null
                    ? new Refusal(RefusalCodes.CollectiveDiscussionRequired, "A collective discussion keeps minutes (minutesSha256, Art. 57).")
                    : null))
            .Then(() => Decision.Accept(new CollectiveDiscussionHeld(
                s.CaseId, participants, c.Resolution!, Valid.Lower(c.MinutesSha256)!, c.On,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.MinutesSha256), context.Actor.Id)));
    }

    /// <summary>Art. 58(2): a reviewer who first reviews on or after 2021-07-15 holds the legal professional qualification.</summary>
    internal static Refusal? Qualified(Officer reviewer) =>
        !reviewer.Has(Role.LegalReviewer) || reviewer.IsAuxiliary
            ? new Refusal(RefusalCodes.ReviewerNotQualified, $"'{reviewer.Id}' does not hold the legal-reviewer role.")
            : !reviewer.MayReview(Law.ReviewerQualificationFrom)
                ? new Refusal(RefusalCodes.ReviewerNotQualified,
                    $"'{reviewer.Id}' needs the legal professional qualification: reviewers who first review on or after {Dates.Show(Law.ReviewerQualificationFrom)} must hold it (Art. 58(2)); the register records no earlier start (reviewingSince).")
                : null;
}
