using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>What a reconsideration decision or a judgment does to the penalty decision.</summary>
public enum RemedyEffect { Revoke, Change, ConfirmIllegal, ConfirmVoid }

/// <summary>
/// Internal: a reconsideration or litigation started; the late fee is frozen while it runs (Art. 73; domain.md I11).
/// Only the system carries it from the remedy's stream; a second delivery appends nothing.
/// </summary>
public sealed record StartRemedy(RemedyKind Kind, string RemedyId, LocalDate On) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => [];
}

/// <summary>
/// Internal: the remedy was finally decided or ended (a reconsideration decision served, refused, withdrawn, settled; a judgment
/// final); the late fee runs again. <see cref="SuitMayFollow"/>: a suit may still follow within 15 days (行政诉讼法 Art. 45).
/// </summary>
public sealed record EndRemedy(RemedyKind Kind, string RemedyId, LocalDate On, bool SuitMayFollow = false) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => [];
}

/// <summary>
/// Internal: a remedy's decision that revokes, changes or confirms the penalty decision illegal or void, carried onto
/// the case exactly once (keyed by <see cref="RemedyId"/>). It opens the 3-working-day publication withdrawal (Art. 48).
/// </summary>
public sealed record CarryRemedyDecision(
    RemedyKind Kind, string RemedyId, RemedyEffect Effect, IReadOnlyList<PenaltyTerm>? Penalties, string Reason, LocalDate On) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => [];
}

internal static class RemedyEffects
{
    public static bool IsInternal(ICaseCommand command) => command is StartRemedy or EndRemedy or CarryRemedyDecision;

    private static Refusal? System(CaseContext context) =>
        context.Actor.Id == Actor.System.Id
            ? null
            : new Refusal(RefusalCodes.Forbidden, "Remedy effects are carried by CaseLedger from the remedy's own stream, never typed in.");

    public static Decision Decide(StartRemedy c, PenaltyCaseState s, CaseContext context) =>
        s.Remedies.Any(r => r.RemedyId == c.RemedyId)
            ? Decision.Nothing
            : System(context).Then(() => Decision.Accept(new RemedyStarted(s.CaseId, c.Kind, c.RemedyId, c.On, context.Actor.Id)));

    public static Decision Decide(EndRemedy c, PenaltyCaseState s, CaseContext context) =>
        !s.Remedies.Any(r => r.RemedyId == c.RemedyId && r.To is null)
            ? Decision.Nothing
            : System(context).Then(() => Decision.Accept(new RemedyEnded(s.CaseId, c.Kind, c.RemedyId, c.On, context.Actor.Id,
                c.SuitMayFollow ? NaturalPeriods.End(context.Calendar, c.On, RemedyPeriods.SuitAfterReconsiderationDays) : null)));

    public static Decision Decide(CarryRemedyDecision c, PenaltyCaseState s, CaseContext context)
    {
        if (s.RemedyDecisions.Contains(c.RemedyId)) return Decision.Nothing;
        return (System(context)
                ?? (s.Decision is null && s.OnTheSpot is null ? Valid.WrongStage("The case has no decision to revoke or change.") : null)
                ?? (c.Effect == RemedyEffect.Change && (c.Penalties ?? []).Count == 0 ? Valid.Fail("A change names the new penalties.") : null))
            .Then(() => Decision.Accept(c.Effect switch
            {
                RemedyEffect.Revoke => (object)new DecisionRevoked(s.CaseId, c.RemedyId, c.Reason, c.On, context.Actor.Id),
                RemedyEffect.Change => new DecisionChanged(s.CaseId, c.RemedyId, c.Penalties!, c.Reason, c.On, context.Actor.Id),
                _ => new DecisionConfirmedIllegal(s.CaseId, c.RemedyId, c.Effect == RemedyEffect.ConfirmVoid, c.Reason, c.On, context.Actor.Id),
            }));
    }
}
