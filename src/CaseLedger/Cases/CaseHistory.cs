using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// The case's state at a past version, stored when the stream crosses every <see cref="Interval"/>th
/// version, so that replaying a long case as of a past moment folds at most that many events.
/// </summary>
public sealed class CaseSnapshot
{
    public const int Interval = 100;

    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public long Version { get; set; }
    public Instant RecordedAt { get; set; }

    /// <summary><see cref="RecordedAt"/> as Unix ticks: Marten's LINQ compares primitives, not NodaTime values.</summary>
    public long RecordedAtTicks { get; set; }
    public PenaltyCaseState? State { get; set; }
}

/// <summary>A case exactly as it stood at a past instant or version, from the stored events.</summary>
public sealed record CaseAsOf(long Version, Instant? RecordedAt, PenaltyCaseState? State, IReadOnlyList<IEvent> Events);

public static class CaseHistory
{
    /// <summary>The case as it stood at <paramref name="asOf"/> (events recorded up to and including that instant).</summary>
    public static async Task<CaseAsOf> AsOfAsync(IQuerySession session, string caseId, Instant asOf, CancellationToken ct = default)
    {
        var snapshot = await session.Query<CaseSnapshot>()
            .Where(s => s.CaseId == caseId && s.RecordedAtTicks <= asOf.ToUnixTimeTicks())
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);
        var events = await session.Events.FetchStreamAsync(caseId, timestamp: asOf.ToDateTimeOffset(),
            fromVersion: snapshot is null ? 0 : snapshot.Version + 1, token: ct);
        return Fold(snapshot, events);
    }

    /// <summary>The case as it stood at stream version <paramref name="version"/>.</summary>
    public static async Task<CaseAsOf> AtVersionAsync(IQuerySession session, string caseId, long version, CancellationToken ct = default)
    {
        var snapshot = await session.Query<CaseSnapshot>()
            .Where(s => s.CaseId == caseId && s.Version <= version)
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);
        var events = await session.Events.FetchStreamAsync(caseId, version,
            fromVersion: snapshot is null ? 0 : snapshot.Version + 1, token: ct);
        return Fold(snapshot, events);
    }

    private static CaseAsOf Fold(CaseSnapshot? snapshot, IReadOnlyList<IEvent> events)
    {
        var state = snapshot?.State;
        foreach (var e in events) state = PenaltyCase.Evolve(state, e.Data);
        var last = events.Count > 0 ? events[^1] : null;
        return new CaseAsOf(
            last?.Version ?? snapshot?.Version ?? 0,
            last is null ? snapshot?.RecordedAt : Instant.FromDateTimeOffset(last.Timestamp),
            state,
            events);
    }
}
