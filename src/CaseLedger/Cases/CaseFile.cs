using CaseLedger.Audit;
using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// The stored form of a penalty case: the domain's state at the stream's version. A wrapper keeps the
/// domain record free of storage concerns (identity, version).
/// </summary>
public sealed class CaseFile : IStreamFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public PenaltyCaseState? State { get; set; }

    /// <summary>The chain hash of the event at <see cref="Version"/>: the next command chains onto it without reading that event back.</summary>
    public string? ChainHash { get; set; }

    /// <summary>When the event at <see cref="Version"/> was recorded: what supervisors see is computed up to its business date.</summary>
    public Instant RecordedAt { get; set; }
}

/// <summary>
/// Inline: a command's next read sees its own write. What supervisors see of the case and its snapshots are projections
/// of their own computed from this file (<see cref="CaseSupervisionProjection"/>, <see cref="CaseSnapshotProjection"/>),
/// so Marten's rebuild runs them like any other.
/// </summary>
public sealed class CaseFileProjection : SingleStreamProjection<CaseFile, string>
{
    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public CaseFileProjection()
    {
        foreach (var type in PenaltyCase.EventTypes) IncludeType(type);
    }

    /// <summary>A new file each time, never the one given: a fetched file is never changed by a commit that may still fail.</summary>
    public override CaseFile Evolve(CaseFile? snapshot, string id, IEvent e) => new()
    {
        Id = id,
        State = PenaltyCase.Evolve(snapshot?.State, e.Data),
        Version = e.Version,
        ChainHash = EventChain.HeaderOf(e),
        RecordedAt = Instant.FromDateTimeOffset(e.Timestamp),
    };
}
