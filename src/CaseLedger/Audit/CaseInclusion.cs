using CaseLedger.Domain.Audit;

namespace CaseLedger.Audit;

/// <summary>
/// The signed checkpoints as the audit of one case needs them, without a pass over the log (<see cref="AuditService.VerifyAsync"/>
/// with a case): every checkpoint's signature, key and place in the chain of checkpoints (one per thousand events or so), and
/// each of the case's events up to the newest checkpoint that verifies proved into its signed root by an RFC 9162 inclusion
/// proof on the tree the checkpoint service keeps (<see cref="SignedLogTree"/>: a few groups of leaves read back, log n hashes).
/// </summary>
/// <remarks>
/// What it does not do is rebuild each checkpoint's root from every leaf: that is the whole audit's work
/// (<see cref="CheckpointService.VerifyAllAsync"/>). A proof that fails is reported on the log, not on the case: the path of a
/// leaf runs through the leaves stored beside it, which may be another case's, so a failure says that this case's events or
/// their neighbours no longer are what was signed, and the whole audit names which. The case's own chain (each event against
/// its data and the one before) is checked by <see cref="ChainCheck"/> in the same audit, and a change there is the case's own.
/// </remarks>
public static class CaseInclusion
{
    public static async Task<(int Count, IReadOnlyList<Finding> Findings)> VerifyAsync(
        this CheckpointService checkpoints, string caseId, IReadOnlyList<StoredEvent> events, CancellationToken ct = default)
    {
        var all = await checkpoints.ListAsync(ct);
        if (all.Count == 0) return (0, []);
        var ring = await checkpoints.KeyRingAsync(ct);
        var findings = new List<Finding>(CheckpointService.Chain(all));
        Checkpoint? newest = null;
        foreach (var c in all)
        {
            var (signed, signature) = checkpoints.Signature(c, ring);
            findings.AddRange(signature);
            if (signed) newest = c;
        }
        if (newest is null) return (all.Count, findings);

        var signedEvents = events.Where(e => e.Stream == caseId && e.Sequence <= newest.HighWaterSequence).ToList();
        findings.AddRange(await HeadAsync(checkpoints, caseId, newest, signedEvents, ct));
        if (signedEvents.Count == 0) return (all.Count, findings);
        var root = EventChain.ParseHex(newest.RootHash) ?? [];
        var failed = await checkpoints.ProveAsync(newest, [.. signedEvents.Select(e => e.Sequence)], proofs =>
        {
            // One proof a group of leaves, not one an event: the path of a leaf is made from every other leaf of its group as
            // read back, so when one leaf's path leads to the signed root, the group read back is the one signed, and each
            // event whose leaf is that group's leaf at its index is proved with it (each leaf's own proof would say the same).
            var groups = new Dictionary<int, bool>();
            return signedEvents.Where(e =>
            {
                if (proofs.LeafOf(e.Sequence) is not { } leaf || !leaf.Hash.AsSpan().SequenceEqual(Checkpoint.LeafHash(e.Sequence, e.ChainHash))) return true;
                var group = leaf.Index / SignedLogTree.GroupSpan;
                if (!groups.TryGetValue(group, out var proved))
                    groups[group] = proved = Merkle.VerifyInclusion(leaf.Index, newest.TreeSize, leaf.Hash, proofs.InclusionPath(leaf.Index), root) is null;
                return !proved;
            }).ToList();
        }, ct, made => made.Count == 0);
        var name = CheckpointService.Name(newest);
        if (failed is null)
            findings.Add(Mismatch($"{name} no longer matches: the events stored now up to that sequence are not the {newest.TreeSize} it signed: "
                + "events were removed or inserted since (the whole audit names where)."));
        else if (failed.Count > 0)
            findings.Add(Mismatch($"{name}: the inclusion proof of event{(failed.Count == 1 ? "" : "s")} "
                + $"{string.Join(", ", failed.Select(e => e.Version))} of case {caseId} no longer leads to its signed root {newest.RootHash[..16]}…: "
                + "these events, or events stored beside them, were changed, removed or inserted since (the whole audit names which)."));
        return (all.Count, findings);
    }

    /// <summary>
    /// The case's head (its last event up to the checkpoint's mark) against the one the checkpoint signed: a cut-off tail, or a
    /// stream rewritten and chained again, is the case's own finding when the heads this node keeps give the signed root;
    /// otherwise the log's, as in the whole audit.
    /// </summary>
    private static async Task<IEnumerable<Finding>> HeadAsync(CheckpointService checkpoints, string caseId, Checkpoint newest,
        IReadOnlyList<StoredEvent> signedEvents, CancellationToken ct)
    {
        if (await checkpoints.SignedHeadAsync(caseId, newest, ct) is not var (matches, proof)) return [];
        var name = CheckpointService.Name(newest);
        if (!matches)
            return [new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "stream-heads-mismatch", CheckpointService.Rule, ChainCheck.Article,
                $"{name} signed {newest.StreamCount} stream heads with root {newest.StreamsRoot?[..Math.Min(16, newest.StreamsRoot.Length)]}…; the heads stored "
                + "give another root: a stream's last events were changed, cut off or added (the whole audit names which).")];
        var stored = signedEvents.MaxBy(e => e.Sequence);
        if (proof?.Head is not { } head)
            return stored is null ? [] : [Head(caseId, stored.Version, $"{name} signed no event of case {caseId}, yet events up to its mark are stored now: they were added since.")];
        if (stored is not null && stored.Version == head.Version && stored.ChainHash == head.ChainHash) return [];
        return [Head(caseId, head.Version, $"{name} signed case {caseId} at version {head.Version} with chain hash {head.ChainHash?[..Math.Min(16, head.ChainHash.Length)]}…; "
            + (stored is null ? "none of its events up to that mark is stored now" : $"its events stored now end at version {stored.Version} with chain hash {stored.ChainHash?[..Math.Min(16, stored.ChainHash.Length)]}…")
            + ": its last events were changed, cut off or added since.")];
    }

    private static Finding Head(string caseId, long version, string message) =>
        new(caseId, version, "checkpoint-mismatch", "stream-head-mismatch", CheckpointService.Rule, ChainCheck.Article, message);

    private static Finding Mismatch(string message) =>
        new(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-mismatch", CheckpointService.Rule, ChainCheck.Article, message);
}
