using CaseLedger.Audit;
using CaseLedger.Domain.Penalty;
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

/// <summary>Inline: a command's next read sees its own write.</summary>
public sealed class CaseFileProjection : SingleStreamProjection<CaseFile, string>
{
    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public CaseFileProjection()
    {
        foreach (var type in PenaltyCase.EventTypes) IncludeType(type);
    }

    public override CaseFile Evolve(CaseFile? snapshot, string id, IEvent e)
    {
        var file = snapshot ?? new CaseFile { Id = id };
        file.State = PenaltyCase.Evolve(file.State, e.Data);
        file.Version = e.Version;
        file.ChainHash = EventChain.HeaderOf(e);
        return file;
    }

    /// <summary>
    /// Keeps a <see cref="CaseSnapshot"/> each time the stream crosses a multiple of its interval. Needs
    /// the versions known at append, as FetchForWriting (every command) provides.
    /// </summary>
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<CaseFile> slice)
    {
        var events = slice.Events();
        if (slice.Snapshot is { State: not null } file && events.Count > 0
            && file.Version / CaseSnapshot.Interval > (events[0].Version - 1) / CaseSnapshot.Interval)
        {
            operations.Store(new CaseSnapshot
            {
                Id = $"{file.Id}@{file.Version}",
                CaseId = file.Id,
                Version = file.Version,
                RecordedAt = Instant.FromDateTimeOffset(events[^1].Timestamp),
                RecordedAtTicks = Instant.FromDateTimeOffset(events[^1].Timestamp).ToUnixTimeTicks(),
                State = file.State,
            });
        }
        return ValueTask.CompletedTask;
    }
}
