using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// The stored form of a penalty case: the domain's state at the stream's version. A wrapper keeps the
/// domain record free of storage concerns (identity, version).
/// </summary>
public sealed class CaseFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public PenaltyCaseState? State { get; set; }

    /// <summary>The chain hash of the event at <see cref="Version"/>: the next command chains onto it without reading that event back.</summary>
    public string? ChainHash { get; set; }
}

/// <summary>
/// Inline: a command's next read sees its own write, and the deadline board and the queues show a step in the
/// transaction that records it. What supervisors see of the case (<see cref="CaseSupervision"/>) is computed here
/// from the state this projection already holds, so that document is written, never loaded, by each command.
/// </summary>
public sealed class CaseFileProjection : SingleStreamProjection<CaseFile, string>
{
    private readonly CalendarService calendar;

    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public CaseFileProjection(CalendarService calendar)
    {
        this.calendar = calendar;
        foreach (var type in PenaltyCase.EventTypes) IncludeType(type);
    }

    /// <summary>A new file each time, never the one given: a fetched file is never changed by a commit that may still fail.</summary>
    public override CaseFile Evolve(CaseFile? snapshot, string id, IEvent e) => new()
    {
        Id = id,
        State = PenaltyCase.Evolve(snapshot?.State, e.Data),
        Version = e.Version,
        ChainHash = EventChain.HeaderOf(e),
    };

    /// <summary>
    /// Stores what supervisors see of the case at its new version, and keeps a <see cref="CaseSnapshot"/> each time
    /// the stream crosses a multiple of its interval. Needs the versions known at append, as FetchForWriting (every
    /// command) provides.
    /// </summary>
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<CaseFile> slice)
    {
        var events = slice.Events();
        if (slice.Snapshot is not { State: not null } file || events.Count == 0) return ValueTask.CompletedTask;

        var recordedAt = Instant.FromDateTimeOffset(events[^1].Timestamp);
        operations.Store(SupervisionOf(file, recordedAt));
        if (file.Version / CaseSnapshot.Interval > (events[0].Version - 1) / CaseSnapshot.Interval)
            operations.Store(SnapshotOf(file, recordedAt));
        return ValueTask.CompletedTask;
    }

    /// <summary>What supervisors see of the case in <paramref name="file"/>, whose latest event was recorded at <paramref name="recordedAt"/>.</summary>
    public CaseSupervision SupervisionOf(CaseFile file, Instant recordedAt) =>
        // Deadlines that grow with time (an open suspension) are computed up to the business date of the latest event.
        CaseSupervision.Of(file.Id, file.Version, file.State!, AgencyZone.Today(recordedAt), calendar.Current, calendar.Stamp);

    /// <summary>A snapshot of the case in <paramref name="file"/>, for replay to start from.</summary>
    public static CaseSnapshot SnapshotOf(CaseFile file, Instant recordedAt) => new()
    {
        Id = $"{file.Id}@{file.Version}",
        CaseId = file.Id,
        Version = file.Version,
        RecordedAt = recordedAt,
        RecordedAtTicks = recordedAt.ToUnixTimeTicks(),
        State = file.State,
    };
}
