using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Cases;

/// <summary>
/// The stored form of a penalty case: the domain's state at the stream's version. A wrapper keeps the
/// domain record free of storage concerns (identity, version).
/// </summary>
public sealed class CaseFile
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public PenaltyCaseState? State { get; set; }
}

/// <summary>Inline: a command's next read sees its own write.</summary>
public sealed class CaseFileProjection : SingleStreamProjection<CaseFile, string>
{
    public override CaseFile Evolve(CaseFile? snapshot, string id, IEvent e)
    {
        var file = snapshot ?? new CaseFile { Id = id };
        file.State = PenaltyCase.Evolve(file.State, e.Data);
        file.Version = e.Version;
        return file;
    }
}
