using CaseLedger.Commands;
using CaseLedger.Domain.Disputes;

namespace CaseLedger.Disputes;

/// <summary>The stored form of a dispute between agencies: the domain's state at the stream's version.</summary>
public sealed class DisputeFile : StateFile<DisputeState>;

/// <summary>Inline; streams of other kinds get no document. A dispute naming a case belongs to that case's agency, else to the raiser's.</summary>
public sealed class DisputeFileProjection() : StateFileProjection<DisputeFile, DisputeState>(Dispute.EventTypes, Dispute.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is DisputeRaised raised ? (raised.CaseId, raised.RecordedBy) : (null, null);
}
