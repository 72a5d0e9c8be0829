using CaseLedger.Commands;
using CaseLedger.Domain.Litigation;

namespace CaseLedger.Litigations;

/// <summary>The stored form of a suit: the domain's state at the stream's version.</summary>
public sealed class LitigationFile : IStateFile<LitigationState>
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public LitigationState? State { get; set; }
}

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class LitigationFileProjection() : StateFileProjection<LitigationFile, LitigationState>(LitigationCase.EventTypes, LitigationCase.Evolve);
