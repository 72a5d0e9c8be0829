using CaseLedger.Commands;
using CaseLedger.Domain.Petitions;

namespace CaseLedger.Petitions;

/// <summary>The stored form of a petition: the domain's state at the stream's version.</summary>
public sealed class PetitionFile : StateFile<PetitionState>;

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class PetitionFileProjection()
    : StateFileProjection<PetitionFile, PetitionState>(PetitionCase.EventTypes, PetitionCase.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is PetitionLodged lodged ? (lodged.CaseId, lodged.Officers.FirstOrDefault()?.OfficerId ?? lodged.RecordedBy) : (null, null);
}
