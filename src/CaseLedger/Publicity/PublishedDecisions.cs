using CaseLedger.Audit;
using CaseLedger.Cases;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Publicity;
using Marten;

namespace CaseLedger.Publicity;

/// <summary>
/// One published decision with the event that recorded its publication and that event's inclusion proof against the latest
/// signed checkpoint (<see cref="Proof"/> null while the event is newer than every checkpoint).
/// </summary>
public sealed record PublishedEntry(PublicDecision Decision, string AgencyName, long Sequence, long Version, InclusionProof? Proof, bool ProofVerified);

/// <summary>The publicity list, the checkpoint its proofs lead to, and the public key that signed that checkpoint.</summary>
public sealed record PublishedList(IReadOnlyList<PublishedEntry> Entries, Checkpoint? Checkpoint, string? PublicKeyPem, bool CheckpointVerified);

/// <summary>
/// The public list of published penalty decisions (公示; 国办发〔2018〕118号; 行政处罚法 Art. 48), read by the public page and its
/// JSON alike, with no sign-in: only what <see cref="PublicDecision.Of"/> lets out of a case, and for each entry the RFC 9162
/// inclusion proof of its <c>decision_published</c> event in the latest signed checkpoint, checked here before it is shown.
/// </summary>
public sealed class PublishedDecisions(IDocumentStore store, CheckpointService checkpoints)
{
    /// <summary>At most this many decisions, newest publication first.</summary>
    public const int Limit = 500;

    public async Task<PublishedList> ListAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var files = await session.Query<CaseFile>()
            .Where(f => f.State!.Publication != null && f.State.Withdrawal == null)
            .Take(Limit * 2)
            .ToListAsync(ct);
        var shown = files
            .Select(f => (File: f, Decision: f.State is { } s ? PublicDecision.Of(f.Id, s) : null))
            .Where(x => x.Decision is not null)
            .OrderByDescending(x => x.Decision!.PublishedOn).ThenBy(x => x.File.Id, StringComparer.Ordinal)
            .Take(Limit)
            .ToList();

        var agencyIds = shown.Select(x => x.Decision!.AgencyId).Distinct().ToArray();
        var agencies = agencyIds.Length == 0 ? [] : (await session.LoadManyAsync<Agency>(ct, agencyIds)).ToDictionary(a => a.Id, a => a.Name);

        var events = new List<(PublicDecision Decision, long Sequence, long Version)>();
        foreach (var (file, decision) in shown)
        {
            var stream = await session.Events.FetchStreamAsync(file.Id, token: ct);
            if (stream.LastOrDefault(e => e.Data is DecisionPublished) is { } published)
                events.Add((decision!, published.Sequence, published.Version));
        }

        var checkpoint = await checkpoints.LatestAsync(ct);
        var proofs = new Dictionary<long, InclusionProof>();
        if (checkpoint is not null)
        {
            var proved = events.Where(e => e.Sequence <= checkpoint.HighWaterSequence).Select(e => e.Sequence).ToList();
            if (proved.Count > 0)
                proofs = await checkpoints.ProveAsync(checkpoint, proved, p => proved
                    .Select(sequence => p.LeafOf(sequence) is { } leaf
                        ? new InclusionProof(sequence, leaf.Index, checkpoint.TreeSize, leaf.ChainHash ?? "", EventChain.Hex(leaf.Hash),
                            [.. p.InclusionPath(leaf.Index).Select(h => EventChain.Hex(h))], checkpoint.RootHash)
                        : null)
                    .OfType<InclusionProof>()
                    .ToDictionary(x => x.Sequence), ct) ?? [];
        }

        var pem = checkpoint is null ? null : await PublicKeyOfAsync(checkpoint, ct);
        var verified = checkpoint is not null && pem is not null && CheckpointKey.Verify(pem, checkpoint.Statement(), checkpoint.Signature);
        return new PublishedList(
            [.. events.Select(e =>
            {
                var proof = proofs.GetValueOrDefault(e.Sequence);
                return new PublishedEntry(e.Decision, agencies.GetValueOrDefault(e.Decision.AgencyId, e.Decision.AgencyId), e.Sequence, e.Version,
                    proof, verified && proof is not null && Verifies(proof));
            })],
            checkpoint, pem, verified);
    }

    /// <summary>The leaf is SHA-256(0x00 ‖ sequence ‖ chain hash) of this event, and with its audit path leads to the checkpoint's root (RFC 9162 §2.1.3.2).</summary>
    public static bool Verifies(InclusionProof proof)
    {
        var leaf = EventChain.ParseHex(proof.LeafHash);
        var root = EventChain.ParseHex(proof.RootHash);
        var path = proof.AuditPath.Select(EventChain.ParseHex).ToList();
        return leaf is not null && root is not null && path.All(p => p is not null)
            && EventChain.Hex(Checkpoint.LeafHash(proof.Sequence, proof.ChainHash)) == proof.LeafHash
            && Merkle.VerifyInclusion(proof.LeafIndex, proof.TreeSize, leaf, [.. path.OfType<byte[]>()], root) is null;
    }

    private async Task<string?> PublicKeyOfAsync(Checkpoint checkpoint, CancellationToken ct)
    {
        var ring = await checkpoints.KeyRingAsync(ct);
        return ring.Keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId)?.PublicKeyPem
            ?? (checkpoints.Key.KeyId == checkpoint.KeyId ? checkpoints.Key.PublicKeyPem : null);
    }
}
