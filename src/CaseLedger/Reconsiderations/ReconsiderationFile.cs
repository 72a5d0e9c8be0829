using CaseLedger.Domain.Reconsideration;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Reconsiderations;

/// <summary>The stored form of a reconsideration: the domain's state at the stream's version.</summary>
public sealed class ReconsiderationFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public ReconsiderationState? State { get; set; }
}

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class ReconsiderationFileProjection : SingleStreamProjection<ReconsiderationFile, string>
{
    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public ReconsiderationFileProjection()
    {
        foreach (var type in ReconsiderationCase.EventTypes) IncludeType(type);
    }

    public override ReconsiderationFile? Evolve(ReconsiderationFile? snapshot, string id, IEvent e)
    {
        var state = ReconsiderationCase.Evolve(snapshot?.State, e.Data);
        if (state is null) return null;
        var file = snapshot ?? new ReconsiderationFile { Id = id };
        file.State = state;
        file.Version = e.Version;
        return file;
    }
}
