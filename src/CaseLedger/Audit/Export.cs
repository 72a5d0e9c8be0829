using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Json;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>
/// <c>caseledger export</c>: the stored events with their chain hashes, a fresh signed checkpoint that
/// covers them, the earlier checkpoints with consistency proofs to it, and (for one case) an inclusion
/// proof of every event. <see cref="ExportVerifier"/> checks the file with no database.
/// </summary>
public sealed class ExportBuilder(StoredLog log, CheckpointService checkpoints)
{
    public const string Format = "caseledger-export/1";

    public async Task<JsonObject> BuildAsync(string? caseId, CancellationToken ct = default)
    {
        // A node that may not sign exports up to the latest checkpoint the deployment signed.
        Checkpoint? checkpoint;
        try
        {
            checkpoint = await checkpoints.CreateAsync(ct);
        }
        catch (CheckpointRefusedException)
        {
            checkpoint = await checkpoints.LatestAsync(ct);
            if (checkpoint is null) throw;
        }
        var stored = caseId is null
            ? await log.ReadInSequenceAsync(checkpoint.HighWaterSequence, ct)
            : (await log.ReadAsync(caseId, ct)).Where(e => e.Sequence <= checkpoint.HighWaterSequence).ToList();
        var earlierCheckpoints = (await checkpoints.ListAsync(ct)).Where(c => c.TreeSize < checkpoint.TreeSize && c.TreeSize > 0).ToList();

        // Every proof in the file is made on the tree of the log kept for proofs: a few dozen hashes each, and only the leaves
        // around the proved events and the checkpoints' ends are read back, never the whole log again.
        var proofs = await checkpoints.ProveAsync(checkpoint, caseId is null ? [] : [.. stored.Select(e => e.Sequence)], p => new
        {
            Leaves = caseId is null
                ? stored.Select((e, index) => (e.Sequence, Index: index, Path: (IReadOnlyList<byte[]>?)null)).ToList()
                : stored.Select(e => p.LeafOf(e.Sequence) is { } leaf
                    ? (e.Sequence, leaf.Index, Path: (IReadOnlyList<byte[]>?)p.InclusionPath(leaf.Index))
                    : throw new InvalidOperationException($"The event at sequence {e.Sequence} is not a leaf of the checkpoint of {checkpoint.TreeSize} events.")).ToList(),
            Consistency = earlierCheckpoints.Select(c => p.ConsistencyProof(c.TreeSize)).ToList(),
        }, ct, made =>
            // Made on the stored tree nodes, the file's proofs are used only if each leads to the signed roots.
            EventChain.ParseHex(checkpoint.RootHash) is { } root
            && stored.Zip(made.Leaves).All(x => x.Second.Path is not { } path
                || Merkle.VerifyInclusion(x.Second.Index, checkpoint.TreeSize, Checkpoint.LeafHash(x.First.Sequence, x.First.ChainHash), path, root) is null)
            && earlierCheckpoints.Zip(made.Consistency).All(x => EventChain.ParseHex(x.First.RootHash) is { } earlier
                && Merkle.VerifyConsistency(x.First.TreeSize, checkpoint.TreeSize, earlier, root, x.Second) is null)) ?? throw new InvalidOperationException(
            $"The events stored up to sequence {checkpoint.HighWaterSequence} are no longer the {checkpoint.TreeSize} just signed.");

        var events = new JsonArray();
        foreach (var (e, leaf) in stored.Zip(proofs.Leaves))
        {
            var item = new JsonObject
            {
                ["sequence"] = e.Sequence,
                ["stream"] = e.Stream,
                ["version"] = e.Version,
                ["type"] = e.Type,
                ["timestamp"] = EventChain.FormatTimestamp(e.Timestamp),
                ["actor"] = e.Actor,
                ["data"] = JsonNode.Parse(e.DataJson),
                ["chainHash"] = e.ChainHash,
                ["leafIndex"] = leaf.Index,
            };
            if (leaf.Path is { } path) item["inclusionProof"] = Hexes(path);
            events.Add(item);
        }

        var earlier = new JsonArray();
        foreach (var (c, proof) in earlierCheckpoints.Zip(proofs.Consistency))
        {
            var node = Show(c);
            node["consistencyProof"] = Hexes(proof);
            earlier.Add(node);
        }

        var export = new JsonObject
        {
            ["format"] = Format,
            ["scope"] = caseId is null ? "all" : "case",
            ["caseId"] = caseId,
            ["checkpoint"] = Show(checkpoint),
            ["earlierCheckpoints"] = earlier,
            ["events"] = events,
        };
        // How long the case was at the checkpoint, signed with it: a file cut short no longer proves (docs/integrity.md §3).
        if (caseId is not null && await checkpoints.StreamHeadAsync(caseId, checkpoint.TreeSize, ct) is { } head)
            export["streamHead"] = new JsonObject
            {
                ["version"] = head.Head.Version,
                ["chainHash"] = head.Head.ChainHash,
                ["leafIndex"] = head.LeafIndex,
                ["auditPath"] = new JsonArray([.. head.AuditPath.Select(h => (JsonNode)h)]),
            };
        return export;
    }

    public static JsonObject Show(Checkpoint c)
    {
        var shown = new JsonObject
        {
            ["treeSize"] = c.TreeSize,
            ["highWaterSequence"] = c.HighWaterSequence,
            ["rootHash"] = c.RootHash,
            ["time"] = EventChain.FormatTimestamp(c.Time),
            ["keyId"] = c.KeyId,
            ["signature"] = c.Signature,
        };
        if (c.PreviousTreeSize is { } size)
        {
            shown["previousTreeSize"] = size;
            shown["previousRootHash"] = c.PreviousRootHash;
        }
        if (c.StreamCount is { } count)
        {
            shown["streamCount"] = count;
            shown["streamsRoot"] = c.StreamsRoot;
        }
        return shown;
    }

    private static JsonArray Hexes(IEnumerable<byte[]> hashes) => [.. hashes.Select(h => (JsonNode)EventChain.Hex(h))];

    /// <summary>Compact: with no whitespace to spare, a change to any byte of the file changes something that is verified.</summary>
    public static string Write(JsonObject export) => export.ToJsonString(new JsonSerializerOptions(CaseLedgerJson.Responses) { WriteIndented = false });
}
