using CaseLedger.Audit;
using CaseLedger.Cases;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Publicity;
using CaseLedger.Hosting;
using Marten;

namespace CaseLedger.Publicity;

/// <summary>
/// One published decision with the event that recorded its publication and that event's inclusion proof against the latest
/// signed checkpoint (<see cref="Proof"/> null while the event is newer than every checkpoint).
/// </summary>
/// <remarks>With regions, <c>Region</c> names the region whose log holds the event; its proof leads to that region's checkpoint.</remarks>
public sealed record PublishedEntry(PublicDecision Decision, string AgencyName, long Sequence, long Version, InclusionProof? Proof, bool ProofVerified,
    string? Region = null);

/// <summary>The latest signed checkpoint of one log, the public key that signed it, and whether the signature verifies.</summary>
public sealed record LogCheckpoint(string? Region, Checkpoint? Checkpoint, string? PublicKeyPem, bool CheckpointVerified);

/// <summary>
/// The publicity list, the checkpoint its proofs lead to, and the public key that signed that checkpoint (the deployment's own
/// log); with regions, <c>Regions</c> holds each region's latest checkpoint, to which its entries' proofs lead.
/// </summary>
public sealed record PublishedList(IReadOnlyList<PublishedEntry> Entries, Checkpoint? Checkpoint, string? PublicKeyPem, bool CheckpointVerified,
    IReadOnlyList<LogCheckpoint>? Regions = null);

/// <summary>
/// The public list of published penalty decisions (公示; 国办发〔2018〕118号; 行政处罚法 Art. 48), read by the public page and its
/// JSON alike, with no sign-in: only what <see cref="PublicDecision.Of"/> lets out of a case, and for each entry the RFC 9162
/// inclusion proof of its <c>decision_published</c> event in the latest signed checkpoint, checked here before it is shown.
/// With regions, every region's published decisions too, each proved against its region's latest checkpoint.
/// </summary>
public sealed class PublishedDecisions(IDocumentStore store, CheckpointService checkpoints, RegionAudit regions, CaseLedgerSettings settings)
{
    /// <summary>At most this many decisions, newest publication first.</summary>
    public const int Limit = 500;

    public async Task<PublishedList> ListAsync(CancellationToken ct = default)
    {
        var own = await ListInAsync(null, checkpoints, ct);
        List<(LogCheckpoint Log, List<PublishedEntry> Entries)> inRegions = [];
        foreach (var region in settings.Regions)
            inRegions.Add(await ListInAsync(region.Id, await regions.CheckpointsAsync(region), ct));
        var entries = own.Entries.Concat(inRegions.SelectMany(r => r.Entries))
            .OrderByDescending(e => e.Decision.PublishedOn).ThenBy(e => e.Decision.CaseId, StringComparer.Ordinal)
            .Take(Limit)
            .ToList();
        // The agencies' names are the register's, in the deployment's own database.
        var agencyIds = entries.Select(e => e.Decision.AgencyId).Distinct().ToArray();
        await using var register = store.QuerySession();
        var agencies = agencyIds.Length == 0 ? [] : (await register.LoadManyAsync<Agency>(ct, agencyIds)).ToDictionary(a => a.Id, a => a.Name);
        return new PublishedList([.. entries.Select(e => e with { AgencyName = agencies.GetValueOrDefault(e.Decision.AgencyId, e.Decision.AgencyId) })],
            own.Log.Checkpoint, own.Log.PublicKeyPem, own.Log.CheckpointVerified, settings.Regions.Count == 0 ? null : [.. inRegions.Select(r => r.Log)]);
    }

    /// <summary>The published decisions of one database's log (<paramref name="tenant"/>: a region's; null, the deployment's own) with their proofs.</summary>
    private async Task<(LogCheckpoint Log, List<PublishedEntry> Entries)> ListInAsync(string? tenant, CheckpointService log, CancellationToken ct)
    {
        await using var session = store.QuerySessionOf(tenant);
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

        var events = new List<(PublicDecision Decision, long Sequence, long Version)>();
        foreach (var (file, decision) in shown)
        {
            var stream = await session.Events.FetchStreamAsync(file.Id, token: ct);
            if (stream.LastOrDefault(e => e.Data is DecisionPublished) is { } published)
                events.Add((decision!, published.Sequence, published.Version));
        }

        var checkpoint = await log.LatestAsync(ct);
        var proofs = new Dictionary<long, InclusionProof>();
        if (checkpoint is not null)
        {
            var proved = events.Where(e => e.Sequence <= checkpoint.HighWaterSequence).Select(e => e.Sequence).ToList();
            if (proved.Count > 0)
                proofs = await log.ProveAsync(checkpoint, proved, p => proved
                    .Select(sequence => p.LeafOf(sequence) is { } leaf
                        ? new InclusionProof(sequence, leaf.Index, checkpoint.TreeSize, leaf.ChainHash ?? "", EventChain.Hex(leaf.Hash),
                            [.. p.InclusionPath(leaf.Index).Select(h => EventChain.Hex(h))], checkpoint.RootHash)
                        : null)
                    .OfType<InclusionProof>()
                    .ToDictionary(x => x.Sequence), ct) ?? [];
        }

        var pem = checkpoint is null ? null : await PublicKeyOfAsync(checkpoint, ct);
        var verified = checkpoint is not null && pem is not null && CheckpointKey.Verify(pem, checkpoint.Statement(), checkpoint.Signature);
        return (new LogCheckpoint(tenant, checkpoint, pem, verified),
            [.. events.Select(e =>
            {
                var proof = proofs.GetValueOrDefault(e.Sequence);
                return new PublishedEntry(e.Decision, e.Decision.AgencyId, e.Sequence, e.Version, proof, verified && proof is not null && Verifies(proof), tenant);
            })]);
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
        // The deployment's one key ring (in its own database) signs every region's checkpoints too.
        var ring = await checkpoints.KeyRingAsync(ct);
        return ring.Keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId)?.PublicKeyPem
            ?? (checkpoints.Key.KeyId == checkpoint.KeyId ? checkpoints.Key.PublicKeyPem : null);
    }
}
