using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>The decision (Arts. 61–70) and its service (Art. 75).</summary>
internal static class Deciding
{
    public static Decision Decide(DecideReconsideration c, ReconsiderationState s, CaseContext context)
    {
        var grounds = c.Grounds ?? [];
        var penalties = c.NewPenalties ?? [];
        if (s.Decision is { } made && made.Type == c.Type && made.DecidedOn == c.DecidedOn) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.DecidedOn).By(c.Staff).Head(c.DecidedBy)
            .After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance")
            .After(s.Reply?.RepliedOn ?? s.ReplyMissed?.RecordedOn, "respondent's reply")
            .After(s.Hearing?.HeldOn, "hearing");
        var allowed = GroundsFor(c.Type);
        return (Valid.Required(c.DecidedBy, "decidedBy") ?? Valid.Required(c.DecidedOn, "decidedOn") ?? Terms.Check(c.NewPenalties, "newPenalties")
                ?? (grounds.Count == 0 || grounds.Any(g => !allowed.Contains(g))
                    ? Valid.Fail($"grounds: a {Law.Kebab(c.Type)} decision ({Article(c.Type)}) rests on {string.Join(", ", allowed.Select(g => Law.Kebab(g)))}.")
                    : null)
                ?? (c.Type == ReconsiderationDecisionType.Change && penalties.Count == 0 ? Valid.Fail("A change names the new penalties (Art. 63).") : null)
                ?? (c.Type != ReconsiderationDecisionType.Change && penalties.Count > 0 ? Valid.Fail("Only a change sets new penalties.") : null)
                ?? Valid.Sha256(c.DecisionSha256, "decisionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.DecidedOn, a => Rules(c, a, penalties).Then(() => Decision.Accept(new ReconsiderationDecided(
                s.Id, s.CaseId, $"复议-{s.Id[..Math.Min(8, s.Id.Length)]}", c.Type, grounds, penalties, c.ThirdPartyRequested, c.OrderNewAct,
                a.ReplyMissed is not null, c.Reasons ?? "", c.DecidedBy!, c.DecidedOn,
                step.Signatures(context), Valid.Hashes(c.Documents, c.DecisionSha256), context.Actor.Id)))));
    }

    /// <summary>The procedure's order: not suspended, the reply in (or missed), the hearing a major case needs; then the rules on the merits.</summary>
    private static Refusal? Rules(DecideReconsideration c, ReconsiderationState s, IReadOnlyList<PenaltyTerm> penalties) =>
        (s.IsSuspended ? Valid.WrongStage($"The reconsideration is suspended since {Dates.Show(s.Suspensions[^1].From)}; resume it first.") : null)
        ?? (s.Copy is null ? Valid.WrongStage("Send the copy to the respondent and take its reply first (Art. 48).") : null)
        ?? (s.Reply is null && s.ReplyMissed is null
            ? Valid.WrongStage($"The respondent may reply until {Dates.Show(s.Copy!.ReplyDueOn)}; take the reply or record it missed first (Art. 48).")
            : null)
        ?? (s.HearingSchedule is not null && s.Hearing is null ? Valid.WrongStage("Hold the scheduled hearing first (Art. 51).") : null)
        ?? (s.Acceptance!.MajorOrComplex && s.Hearing is null
            ? new Refusal(RefusalCodes.HearingRequired, "A major, difficult or complex case is heard before it is decided (Art. 50).")
            : null)
        ?? (s.ReplyMissed is not null && c.Type is ReconsiderationDecisionType.Uphold or ReconsiderationDecisionType.Reject
            ? new Refusal(RefusalCodes.NoRespondentEvidence,
                "The respondent missed its reply: the act is treated as having no evidence and cannot be upheld (Art. 70).")
            : null)
        ?? (c.Type == ReconsiderationDecisionType.Change && Law.Heavier(penalties, s.Application.Contested.Penalties)
            && !(c.ThirdPartyRequested && s.Application.ThirdParties.Count > 0)
            ? new Refusal(RefusalCodes.ReformatioInPeius,
                "A change may not leave the applicant worse off unless a third party asked for it (行政复议法 Art. 63).")
            : null);

    public static Decision Decide(ServeReconsiderationDecision c, ReconsiderationState s, CaseContext context)
    {
        if (s.Service is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.ServedOn).By(c.Staff).After(s.Decision?.DecidedOn, "decision");
        return (Valid.Required(c.ServedOn, "servedOn") ?? Valid.Documents(c.Documents)
                ?? step.Check(context)
                ?? (s.Decision is null ? Valid.WrongStage("Decide first.") : null))
            .Then(() => Decision.Accept(new ReconsiderationDecisionServed(s.Id, c.ServedOn, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
