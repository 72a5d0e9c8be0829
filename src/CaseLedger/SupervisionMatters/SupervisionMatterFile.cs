using CaseLedger.Commands;
using CaseLedger.Domain.SupervisionMatters;

namespace CaseLedger.SupervisionMatters;

/// <summary>The stored form of a supervision matter: the domain's state at the stream's version.</summary>
public sealed class SupervisionMatterFile : StateFile<SupervisionMatterState>;

/// <summary>Inline; streams of other kinds get no document.</summary>
public sealed class SupervisionMatterFileProjection()
    : StateFileProjection<SupervisionMatterFile, SupervisionMatterState>(SupervisionMatter.EventTypes, SupervisionMatter.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is SupervisionMatterOpened opened ? (opened.CaseId, null) : (null, null);
}
