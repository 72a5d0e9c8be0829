using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>A case exactly as it stood at a moment: the events recorded up to it and the state they make.</summary>
/// <param name="Today">The business date of that moment (Asia/Shanghai): deadlines are evaluated on it.</param>
public sealed record CaseAsOf(string CaseId, PenaltyCaseState State, long Version, LocalDate Today, IReadOnlyList<IEvent> Events);

public static class Replay
{
    /// <summary>
    /// The case as of an instant (events recorded at or before it) or a version; null when the case had no
    /// event yet. Only the stream's own events are read, one query; the state is folded in memory with the
    /// same <see cref="PenaltyCase.Evolve"/> the projections use.
    /// </summary>
    public static async Task<CaseAsOf?> CaseAsync(IQuerySession session, string caseId, Instant? asOf, long? version, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(caseId, version ?? 0, asOf?.ToDateTimeOffset(), token: ct);
        PenaltyCaseState? state = null;
        foreach (var e in events) state = PenaltyCase.Evolve(state, e.Data);
        if (state is null) return null;
        var moment = asOf ?? Instant.FromDateTimeOffset(events[^1].Timestamp);
        return new CaseAsOf(caseId, state, events[^1].Version, AgencyZone.Today(moment), events);
    }
}
