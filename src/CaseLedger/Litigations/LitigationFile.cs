using CaseLedger.Commands;
using CaseLedger.Domain.Litigation;

namespace CaseLedger.Litigations;

/// <summary>The stored form of a suit: the domain's state at the stream's version.</summary>
public sealed class LitigationFile : StateFile<LitigationState>;

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class LitigationFileProjection()
    : StateFileProjection<LitigationFile, LitigationState>(LitigationCase.EventTypes, LitigationCase.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is LitigationFiled filed ? (filed.CaseId, null) : (null, null);
}
