using CaseLedger.Domain.Penalty;
using Marten.Events.Aggregation;

namespace CaseLedger.Cli.Bench;

/// <summary>The bench's neutral snapshot for Marten's own command pattern: how much evidence a stream holds, nothing of CaseLedger's state.</summary>
public sealed class EvidenceTally
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public int Count { get; set; }
    public string? LastEvidenceId { get; set; }
}

/// <summary>Folds each collected item of evidence into the stream's <see cref="EvidenceTally"/>.</summary>
public sealed class EvidenceTallyProjection : SingleStreamProjection<EvidenceTally, string>
{
    public static EvidenceTally Create(EvidenceCollected collected) => new() { Count = 1, LastEvidenceId = collected.EvidenceId };

    public static void Apply(EvidenceCollected collected, EvidenceTally tally)
    {
        tally.Count++;
        tally.LastEvidenceId = collected.EvidenceId;
    }
}
