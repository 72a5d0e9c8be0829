using System.Threading.Channels;
using CaseLedger.Domain.Audit;
using CaseLedger.Hosting;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>
/// Signed checkpoints over the global log (docs/integrity.md §2): made every <see cref="CaseLedgerSettings.CheckpointEvery"/>
/// events in the background and on demand; inclusion and consistency proofs; and their verification
/// against the events stored now.
/// </summary>
public sealed class CheckpointService(StoredLog log, IDocumentStore store, CaseLedgerSettings settings, IClock clock, ILogger<CheckpointService> logger)
    : IDisposable
{
    public const string Rule = "I14 append-only events: signed checkpoints";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<CheckpointKey> _key = new(() => CheckpointKey.LoadOrCreate(settings.CheckpointKeyPath));
    private readonly Channel<long> _appended = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private long _checkpointed = -1;

    public CheckpointKey Key => _key.Value;

    internal ChannelReader<long> Appended => _appended.Reader;

    /// <summary>Called after each commit with its last sequence; wakes the background checkpointer when a checkpoint is due.</summary>
    public void Committed(long lastSequence)
    {
        if (settings.CheckpointEvery > 0 && lastSequence - Interlocked.Read(ref _checkpointed) >= settings.CheckpointEvery)
            _appended.Writer.TryWrite(lastSequence);
    }

    /// <summary>Signs a checkpoint of every settled event, or returns the latest when nothing was appended since.</summary>
    public async Task<Checkpoint> CreateAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var highWater = await log.SettledHighWaterAsync(ct);
            var latest = await LatestAsync(ct);
            if (latest is not null && latest.HighWaterSequence >= highWater) return Remember(latest);

            // Only the leaves since the latest checkpoint are read, appended to its frontier: no event can appear below its
            // settled mark later. Without a frontier to trust, every leaf is read once, and the frontier kept from then on.
            var from = latest is null ? null : TrustedFrontier(latest);
            if (latest is { Frontier: null })
                logger.LogInformation("The checkpoint of {TreeSize} events was made before frontiers were kept; this checkpoint reads every event.", latest.TreeSize);
            else if (latest is not null && from is null)
                logger.LogWarning("The stored frontier of the checkpoint of {TreeSize} events does not fold to its signed root; this checkpoint reads every event.", latest.TreeSize);
            var (size, frontier, after) = from is null ? (0L, (IReadOnlyList<byte[]>)[], long.MinValue) : (latest!.TreeSize, from, latest.HighWaterSequence);
            var leaves = await log.LeavesAsync(after, highWater, ct);
            frontier = Merkle.Append(size, frontier, leaves.Select(l => Checkpoint.LeafHash(l.Sequence, l.ChainHash)));
            size += leaves.Count;

            var checkpoint = new Checkpoint
            {
                Id = Checkpoint.IdFor(size),
                TreeSize = size,
                HighWaterSequence = highWater,
                RootHash = EventChain.Hex(Merkle.RootOfFrontier(frontier)),
                Time = EventChain.ToStorePrecision(clock.GetCurrentInstant()),
                KeyId = Key.KeyId,
                Frontier = [.. frontier.Select(h => EventChain.Hex(h))],
            };
            checkpoint.Signature = Key.Sign(checkpoint.Statement());
            await using var session = store.LightweightSession();
            session.Insert(checkpoint);
            await session.SaveChangesAsync(ct);
            return Remember(checkpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The stored frontier of a checkpoint, if it is one of this key's, its signature verifies and the frontier folds to
    /// its signed root; otherwise null. The frontier is not signed: a changed one must not lead the next checkpoint astray.
    /// </summary>
    private List<byte[]>? TrustedFrontier(Checkpoint c)
    {
        if (c.Frontier is null || c.KeyId != Key.KeyId || !CheckpointKey.Verify(Key.PublicKeyPem, c.Statement(), c.Signature)) return null;
        var hashes = new List<byte[]>(c.Frontier.Count);
        foreach (var hex in c.Frontier)
        {
            if (EventChain.ParseHex(hex) is not { } hash) return null;
            hashes.Add(hash);
        }
        return Merkle.IsFrontierOf(c.TreeSize, hashes) && EventChain.Hex(Merkle.RootOfFrontier(hashes)) == c.RootHash ? hashes : null;
    }

    private Checkpoint Remember(Checkpoint checkpoint)
    {
        Interlocked.Exchange(ref _checkpointed, checkpoint.HighWaterSequence);
        return checkpoint;
    }

    public async Task<IReadOnlyList<Checkpoint>> ListAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Checkpoint>().OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<Checkpoint?> LatestAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Checkpoint>().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<Checkpoint?> FindAsync(long treeSize, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Checkpoint>(Checkpoint.IdFor(treeSize), ct);
    }

    /// <summary>The proof that the event at <paramref name="sequence"/> is in the checkpoint of <paramref name="treeSize"/>; null when either is unknown.</summary>
    public async Task<InclusionProof?> InclusionAsync(long sequence, long treeSize, CancellationToken ct = default)
    {
        if (await FindAsync(treeSize, ct) is not { } checkpoint) return null;
        var leaves = await LeavesAsync(checkpoint.HighWaterSequence, ct);
        var index = leaves.FindIndex(l => l.Sequence == sequence);
        if (index < 0 || leaves.Count != checkpoint.TreeSize) return null;
        var hashes = leaves.Select(l => l.Hash).ToList();
        return new InclusionProof(sequence, index, checkpoint.TreeSize, leaves[index].ChainHash ?? "", EventChain.Hex(hashes[index]),
            [.. Merkle.InclusionPath(hashes, index, hashes.Count).Select(p => EventChain.Hex(p))], checkpoint.RootHash);
    }

    /// <summary>The proof that the checkpoint of <paramref name="from"/> events is a prefix of the one of <paramref name="to"/>.</summary>
    public async Task<ConsistencyProof?> ConsistencyAsync(long from, long to, CancellationToken ct = default)
    {
        if (from < 1 || from > to || await FindAsync(from, ct) is not { } first || await FindAsync(to, ct) is not { } second) return null;
        var hashes = (await LeavesAsync(second.HighWaterSequence, ct)).Select(l => l.Hash).ToList();
        if (hashes.Count != second.TreeSize) return null;
        return new ConsistencyProof(from, to, first.RootHash, second.RootHash,
            [.. Merkle.ConsistencyProof(hashes, (int)from, (int)to).Select(p => EventChain.Hex(p))]);
    }

    /// <summary>Every stored checkpoint against the events stored now: its signature, its size and its root, always rebuilt from the leaves, never from a stored frontier.</summary>
    public async Task<(int Count, IReadOnlyList<Finding> Findings)> VerifyAllAsync(CancellationToken ct = default)
    {
        var checkpoints = await ListAsync(ct);
        var findings = new List<Finding>();
        if (checkpoints.Count == 0) return (0, findings);
        var all = await LeavesAsync(checkpoints.Max(c => c.HighWaterSequence), ct);
        // One tree over all the leaves: each checkpoint's root is that of a prefix, a few dozen hashes, not a pass over the log.
        var tree = new MerkleTree([.. all.Select(l => l.Hash)]);
        foreach (var c in checkpoints)
        {
            var name = $"Checkpoint of {c.TreeSize} events (to sequence {c.HighWaterSequence}) signed {EventChain.FormatTimestamp(c.Time)}";
            if (c.KeyId != Key.KeyId || !CheckpointKey.Verify(Key.PublicKeyPem, c.Statement(), c.Signature))
            {
                findings.Add(new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-signature-invalid", Rule, ChainCheck.Article,
                    $"{name}: its signature does not verify with this server's checkpoint key {Key.KeyId[..16]}…: the checkpoint itself was altered."));
                continue;
            }
            var count = CountUpTo(all, c.HighWaterSequence);
            var root = EventChain.Hex(tree.RootOfFirst(count));
            if (count != c.TreeSize || root != c.RootHash)
                findings.Add(new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-mismatch", Rule, ChainCheck.Article,
                    $"{name} no longer matches: the stored events up to that sequence are {count} with root {root[..16]}…, "
                    + $"not the signed {c.TreeSize} with root {c.RootHash[..16]}…: events were changed, removed or inserted since."));
        }
        return (checkpoints.Count, findings);
    }

    /// <summary>How many of <paramref name="leaves"/>, in sequence order, are at or below <paramref name="highWater"/>.</summary>
    private static int CountUpTo(List<(long Sequence, string? ChainHash, byte[] Hash)> leaves, long highWater)
    {
        int low = 0, high = leaves.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (leaves[middle].Sequence <= highWater) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>The leaves up to a high-water mark in sequence order (<see cref="Checkpoint.LeafHash"/>).</summary>
    public async Task<List<(long Sequence, string? ChainHash, byte[] Hash)>> LeavesAsync(long highWater, CancellationToken ct = default) =>
        [.. (await log.LeavesAsync(highWater, ct)).Select(l => (l.Sequence, l.ChainHash, Checkpoint.LeafHash(l.Sequence, l.ChainHash)))];

    public void Dispose()
    {
        _gate.Dispose();
        if (_key.IsValueCreated) _key.Value.Dispose();
    }
}

/// <summary>Makes the checkpoints that <see cref="CheckpointService.Committed"/> says are due, one at a time.</summary>
public sealed class Checkpointer(CheckpointService checkpoints, ILogger<Checkpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in checkpoints.Appended.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await checkpoints.CreateAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "A checkpoint could not be made; the next commit tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
