using CaseLedger.Domain.Litigation;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Litigations;

/// <summary>The stored form of a suit: the domain's state at the stream's version.</summary>
public sealed class LitigationFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public LitigationState? State { get; set; }
}

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class LitigationFileProjection : SingleStreamProjection<LitigationFile, string>
{
    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public LitigationFileProjection()
    {
        foreach (var type in LitigationCase.EventTypes) IncludeType(type);
    }

    public override LitigationFile? Evolve(LitigationFile? snapshot, string id, IEvent e)
    {
        var state = LitigationCase.Evolve(snapshot?.State, e.Data);
        if (state is null) return null;
        var file = snapshot ?? new LitigationFile { Id = id };
        file.State = state;
        file.Version = e.Version;
        return file;
    }
}
