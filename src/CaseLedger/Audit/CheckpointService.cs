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
public sealed class CheckpointService(StoredLog log, IDocumentStore store, CaseLedgerSettings settings, IClock clock) : IDisposable
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
            var leaves = await LeavesAsync(highWater, ct);
            var checkpoint = new Checkpoint
            {
                Id = Checkpoint.IdFor(leaves.Count),
                TreeSize = leaves.Count,
                HighWaterSequence = highWater,
                RootHash = EventChain.Hex(Merkle.Root([.. leaves.Select(l => l.Hash)])),
                Time = EventChain.ToStorePrecision(clock.GetCurrentInstant()),
                KeyId = Key.KeyId,
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

    /// <summary>Every stored checkpoint against the events stored now: its signature, its size and its root.</summary>
    public async Task<(int Count, IReadOnlyList<Finding> Findings)> VerifyAllAsync(CancellationToken ct = default)
    {
        var checkpoints = await ListAsync(ct);
        var findings = new List<Finding>();
        if (checkpoints.Count == 0) return (0, findings);
        var all = await LeavesAsync(checkpoints.Max(c => c.HighWaterSequence), ct);
        foreach (var c in checkpoints)
        {
            var name = $"Checkpoint of {c.TreeSize} events (to sequence {c.HighWaterSequence}) signed {EventChain.FormatTimestamp(c.Time)}";
            if (c.KeyId != Key.KeyId || !CheckpointKey.Verify(Key.PublicKeyPem, c.Statement(), c.Signature))
            {
                findings.Add(new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-signature-invalid", Rule, ChainCheck.Article,
                    $"{name}: its signature does not verify with this server's checkpoint key {Key.KeyId[..16]}…: the checkpoint itself was altered."));
                continue;
            }
            var leaves = all.Where(l => l.Sequence <= c.HighWaterSequence).Select(l => l.Hash).ToList();
            var root = EventChain.Hex(Merkle.Root(leaves));
            if (leaves.Count != c.TreeSize || root != c.RootHash)
                findings.Add(new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-mismatch", Rule, ChainCheck.Article,
                    $"{name} no longer matches: the stored events up to that sequence are {leaves.Count} with root {root[..16]}…, "
                    + $"not the signed {c.TreeSize} with root {c.RootHash[..16]}…: events were changed, removed or inserted since."));
        }
        return (checkpoints.Count, findings);
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
