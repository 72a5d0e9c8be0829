using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>decide</c>: the head's decision (Arts. 57–62), refused with the earliest missing step of the procedure.</summary>
public sealed record MakeDecision(
    InvestigationOutcome Outcome,
    IReadOnlyList<PenaltyTerm>? Penalties,
    Discretion? Discretion,
    string? DecidedBy,
    LocalDate DecidedOn,
    string? DecisionSha256 = null,
    Instant? DecidedAt = null,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null,
    string? LateReason = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, DecidedBy);
}

internal static class Deciding
{
    public static Decision Decide(MakeDecision c, PenaltyCaseState s, CaseContext context)
    {
        var penalties = c.Penalties ?? [];
        if (s.Decision is { } made && made.Outcome == c.Outcome && made.DecidedOn == c.DecidedOn && made.Penalties.SequenceEqual(penalties))
            return Decision.Nothing;
        var step = new Step(c.DecidedOn).Officers(c.Officers, minimum: 0).As(SignatureCapacity.Decider, c.DecidedBy)
            .After(s.Conclusion?.ConcludedOn, "conclusion of the investigation")
            .After(s.Notice?.ServedOn, "service of the penalty notice")
            .After(s.Statements.Count > 0 ? s.Statements.Max(x => x.SubmittedOn) : null, "statement")
            .After(s.Hearing?.HeldOn ?? s.HearingWaiver?.WaivedOn, "hearing")
            .After(s.Review?.ReviewedOn, "legal review")
            .After(s.Discussions.Count > 0 ? s.Discussions.Max(d => d.HeldOn) : null, "collective discussion");
        var cited = Publishing.Check(c.Discretion, penalties, context.Lists, c.DecidedOn);
        return (Valid.Required(c.DecidedBy, "decidedBy") ?? Valid.Required(c.DecidedOn, "decidedOn")
                ?? Terms.Check(c.Penalties, "penalties")
                ?? (c.Outcome == InvestigationOutcome.Penalty && penalties.Count == 0 ? Valid.Fail("A penalty decision needs penalties.") : null)
                ?? (c.Outcome != InvestigationOutcome.Penalty && penalties.Count > 0
                    ? Valid.Fail($"A {Law.Kebab(c.Outcome)} decision imposes no penalties.")
                    : null)
                ?? Valid.Sha256(c.DecisionSha256, "decisionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Procedure(s, c.Outcome, penalties, c.Discretion, c.DecidedOn, c.DecidedAt ?? context.Now, context.Calendar, c.LateReason)
                ?? cited.Refusal)
            .Then(() =>
            {
                var due = Due(s, c.DecidedOn, c.DecidedAt ?? context.Now, context.Calendar);
                var late = due is not null;
                return Decision.Accept(new DecisionMade(
                    s.CaseId, $"{s.Filing!.CaseNumber}-D", c.Outcome, penalties, Publishing.Stamp(c.Discretion, cited.Version), c.DecidedBy!, c.DecidedOn,
                    s.Hearing?.TranscriptSha256,
                    step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.DecisionSha256), context.Actor.Id,
                    late ? c.LateReason!.Trim() : null, due));
            });
    }

    /// <summary>
    /// The procedure a decision must follow, in the order of domain.md §8.4: asked by <c>decide</c> before it
    /// records a decision and by the audit of every stored <see cref="DecisionMade"/> (one rule, two callers). A late
    /// decision with a <paramref name="lateReason"/> passes; the audit asks without one, so a late decision is a finding.
    /// </summary>
    internal static Refusal? Procedure(PenaltyCaseState s, InvestigationOutcome outcome, IReadOnlyList<PenaltyTerm> penalties,
        Discretion? discretion, LocalDate decidedOn, Instant decidedAt, IWorkingDayCalendar calendar, string? lateReason) =>
        Stages.Concluded(s)
        ?? (outcome == InvestigationOutcome.Referral || s.Conclusion!.Outcome == InvestigationOutcome.Referral
            ? Valid.WrongStage("A suspected crime is referred, never decided with a penalty (Arts. 27, 82): refer-to-judiciary.")
            : null)
        ?? (Law.TwoFines(penalties) ? new Refusal(RefusalCodes.OneFinePerAct, "One act, one fine (Art. 29): decide a single fine term.") : null)
        ?? (outcome == InvestigationOutcome.Penalty ? NoticeAndDefence(decidedOn, penalties, s) : null)
        ?? LegalReview(s, penalties)
        ?? (Law.CollectiveDiscussionRequired(s) && s.Discussions.Count == 0
            ? new Refusal(RefusalCodes.CollectiveDiscussionRequired, "A major or complex case needs the leaders' collective discussion first (Art. 57).")
            : null)
        ?? (Law.Discretionary(penalties) && !Law.Cites(discretion)
            ? new Refusal(RefusalCodes.DiscretionReasonRequired, "Cite the discretion benchmark item, the level and the reason (Art. 34; Outline item 23).")
            : null)
        ?? (string.IsNullOrWhiteSpace(lateReason) ? InTime(decidedOn, decidedAt, s, calendar) : null);

    private static Refusal? NoticeAndDefence(LocalDate decidedOn, IReadOnlyList<PenaltyTerm> penalties, PenaltyCaseState s) =>
        s.Notice is null
            ? new Refusal(RefusalCodes.PenaltyNoticeRequired, "Serve the notice of the proposed penalty first (Arts. 44, 62).")
            : Law.Heavier(penalties, s.Notice.ProposedPenalties)
                ? new Refusal(RefusalCodes.HeavierThanNotice, "The decision is heavier than the notice; serve a new notice for new facts (Art. 45).")
                : s.Waiver is null && decidedOn <= s.Notice.DefenceDueOn
                    ? new Refusal(RefusalCodes.DefencePeriodOpen, $"The party may state and defend until {Dates.Show(s.Notice.DefenceDueOn)} (Art. 45).")
                    : Law.HearingPending(s)
                        ? new Refusal(RefusalCodes.HearingPending, "The party requested a hearing in time; hold it or record its waiver first (Art. 64).")
                        : s.FastTrack is not null && s.Notice.HearingRightStated
                            ? new Refusal(RefusalCodes.FastTrackNotAllowed, "A hearing applies; the fast track is not allowed.")
                            : null;

    private static Refusal? LegalReview(PenaltyCaseState s, IReadOnlyList<PenaltyTerm> penalties) =>
        Law.LegalReviewReason(s, penalties) is not { } reason ? null
        : s.Review is null ? new Refusal(RefusalCodes.LegalReviewRequired, $"A passed legal review is required: {reason} (Art. 58).")
        : !s.Review.Passed ? new Refusal(RefusalCodes.LegalReviewFailed, $"The legal review of {Dates.Show(s.Review.ReviewedOn)} failed; no decision until a review passes.")
        : null;

    /// <summary>What a refusal for lateness tells the officer; the audit replaces it with the reason recorded.</summary>
    internal const string LateHint = "An agency past its limit still acts: give lateReason and the step is recorded with the delay (domain.md §6).";

    private static Refusal? InTime(LocalDate decidedOn, Instant decidedAt, PenaltyCaseState s, IWorkingDayCalendar calendar)
    {
        if (s.FastTrack is { } fast)
        {
            var limit = fast.ArrivedAt + Law.FastTrackDecisionLimit;
            return decidedAt > limit
                ? new Refusal(RefusalCodes.DecisionDeadlinePassed, $"On the fast track the decision was due by {limit} (48 hours after arrival). {LateHint}")
                : null;
        }
        var due = Law.DecisionDue(s, decidedOn, calendar);
        return decidedOn > due
            ? new Refusal(RefusalCodes.DecisionDeadlinePassed,
                $"The decision was due by {Dates.Show(due)}: {Law.DecisionDays(s)} days from filing, less suspensions, plus approved extensions (Art. 60). {LateHint}")
            : null;
    }

    /// <summary>The limit a decision on that day missed, or null when it is in time.</summary>
    private static LocalDate? Due(PenaltyCaseState s, LocalDate decidedOn, Instant decidedAt, IWorkingDayCalendar calendar)
    {
        if (s.FastTrack is { } fast)
            return decidedAt > fast.ArrivedAt + Law.FastTrackDecisionLimit ? AgencyZone.Today(fast.ArrivedAt + Law.FastTrackDecisionLimit) : null;
        var due = Law.DecisionDue(s, decidedOn, calendar);
        return decidedOn > due ? due : null;
    }
}
