using CaseLedger.Commands;
using CaseLedger.Domain.Reconsideration;

namespace CaseLedger.Reconsiderations;

/// <summary>The stored form of a reconsideration: the domain's state at the stream's version.</summary>
public sealed class ReconsiderationFile : StateFile<ReconsiderationState>;

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class ReconsiderationFileProjection()
    : StateFileProjection<ReconsiderationFile, ReconsiderationState>(ReconsiderationCase.EventTypes, ReconsiderationCase.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is ReconsiderationApplied applied ? (applied.Contested.CaseId, null) : (null, null);
}
