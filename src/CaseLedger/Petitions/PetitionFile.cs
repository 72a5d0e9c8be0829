using CaseLedger.Domain.Petitions;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Petitions;

/// <summary>The stored form of a petition: the domain's state at the stream's version.</summary>
public sealed class PetitionFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public PetitionState? State { get; set; }
}

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class PetitionFileProjection : SingleStreamProjection<PetitionFile, string>
{
    // Only its own streams' events: an inline projection otherwise loads a document for every stream appended to.
    public PetitionFileProjection()
    {
        foreach (var type in PetitionCase.EventTypes) IncludeType(type);
    }

    public override PetitionFile? Evolve(PetitionFile? snapshot, string id, IEvent e)
    {
        var state = PetitionCase.Evolve(snapshot?.State, e.Data);
        if (state is null) return null;
        var file = snapshot ?? new PetitionFile { Id = id };
        file.State = state;
        file.Version = e.Version;
        return file;
    }
}
