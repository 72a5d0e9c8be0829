using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>
/// A statutory deadline of the case (domain.md §8.5) passed unmet: recorded by the system on the first
/// day after its end (<see cref="MissedOn"/>), once per deadline (key and trigger). A party's right that
/// lapsed was nobody's failure and is not recorded.
/// </summary>
public sealed record DeadlineMissed(
    string CaseId,
    string DeadlineKey,
    string Purpose,
    string Rule,
    LocalDate TriggeredOn,
    LocalDate DueOn,
    LocalDate MissedOn,
    bool Provisional,
    string RecordedBy);

/// <summary>
/// The system records every deadline of the case that has passed unmet as of today. Sent by the
/// deadline sweep only; never exposed over HTTP. Nothing to record appends nothing.
/// </summary>
public sealed record RecordMissedDeadlines : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => [];
}

internal static class MissedDeadlines
{
    public static Decision Decide(RecordMissedDeadlines _, PenaltyCaseState s, CaseContext context)
    {
        if (context.Actor.Id != Actor.System.Id)
            return Decision.Refuse(RefusalCodes.Forbidden, "Only CaseLedger itself records a missed deadline.");
        var missed = PenaltyCase.Deadlines(s, context.Calendar, context.Today)
            .Where(d => d.Status == DeadlineStatus.Missed && !PenaltyCase.IsRecordedMissed(s, d))
            .Select(d => new DeadlineMissed(s.CaseId, d.Key, d.Purpose, d.Rule, d.Trigger, d.End, d.End.PlusDays(1), d.Provisional, context.Actor.Id))
            .ToArray();
        return missed.Length == 0 ? Decision.Nothing : Decision.Accept(missed);
    }
}

public static partial class PenaltyCase
{
    /// <summary>A party's right (hearing request, statement and defence): unused in time it lapses, it is never missed.</summary>
    public static bool IsPartyRight(Deadline deadline) => PartyRights.Contains(deadline.Key);

    /// <summary>Whether <see cref="DeadlineMissed"/> was recorded for this deadline (same key, same trigger).</summary>
    public static bool IsRecordedMissed(PenaltyCaseState state, Deadline deadline) =>
        state.MissedDeadlines.Any(m => m.DeadlineKey == deadline.Key && m.TriggeredOn == deadline.Trigger);
}
