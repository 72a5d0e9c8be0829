using System.Threading.Channels;
using CaseLedger.Commands;
using CaseLedger.Domain;
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
/// <remarks>
/// Why one file of this size (about 600 lines): signing, the proofs and the verification of checkpoints share the key, the
/// key ring, the gates and the two trees kept in memory (the log's and the stream heads'); split, each part would need the
/// others' private state. The proofs' own work is in <see cref="LogProofs"/>, <see cref="SignedLogTree"/>,
/// <see cref="StoredLogTree"/> and <see cref="LogTreeNodes"/>.
/// </remarks>
public sealed class CheckpointService(StoredLog log, IDocumentStore store, CaseLedgerSettings settings, IClock clock, ILogger<CheckpointService> logger)
    : IDisposable
{
    public const string Rule = "I14 append-only events: signed checkpoints";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<CheckpointKey> _key = new(() => CheckpointKey.LoadOrCreate(settings.CheckpointKeyPath));
    private readonly Channel<long> _appended = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private long _checkpointed = -1;

    /// <summary>The tree of the log that proofs are made on, grown by each checkpoint; built at the first proof. Used under <see cref="_treeGate"/>.</summary>
    private SignedLogTree? _tree;

    /// <summary>A gate of its own: a proof does not wait for a checkpoint waiting for its settled mark.</summary>
    private readonly SemaphoreSlim _treeGate = new(1, 1);

    public CheckpointKey Key => _key.Value;

    /// <summary>
    /// The region whose log these checkpoints cover (<see cref="RegionAudit"/>): they are stored and recorded in its database; null,
    /// the deployment's own. The key ring is the register's, in the deployment's database, either way.
    /// </summary>
    public string? Region { get; init; }

    private IQuerySession Query() => Region is null ? store.QuerySession() : store.QuerySession(Region);

    public IClock Clock => clock;

    internal ChannelReader<long> Appended => _appended.Reader;

    /// <summary>Called after each commit with its last sequence; wakes the background checkpointer when a checkpoint is due.</summary>
    public void Committed(long lastSequence)
    {
        if (settings.CheckpointEvery > 0 && lastSequence - Interlocked.Read(ref _checkpointed) >= settings.CheckpointEvery)
            _appended.Writer.TryWrite(lastSequence);
    }

    /// <summary>The code of a refusal to sign: this node's key is not the deployment's current one.</summary>
    public const string KeyNotCurrent = "checkpoint-key-not-current";

    private SigningStatus? _signing;

    /// <summary>Whether this node signs, as last found (<see cref="SigningStatusAsync"/>); null before it was first asked.</summary>
    public SigningStatus? Signing => Volatile.Read(ref _signing);

    public async Task<CheckpointKeyRing> KeyRingAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await CheckpointKeyRing.LoadAsync(session, ct);
    }

    /// <summary>
    /// Whether this node may sign now: only with the deployment's current key (<see cref="CheckpointKeyRing"/>). A deployment
    /// with no key registered registers this node's as its first (the embedded default's, or the first node's to start). A
    /// change of the answer is logged, a refusal as a warning.
    /// </summary>
    public async Task<SigningStatus> SigningStatusAsync(CancellationToken ct = default)
    {
        var ring = await KeyRingAsync(ct);
        var now = clock.GetCurrentInstant();
        if (ring.IsEmpty)
        {
            var first = CheckpointKeyDecider.Decide(Actor.System, [], new RegisterCheckpointKey(Key.PublicKeyPem), now);
            if (await SystemAppend.AppendAsync(store, StreamKeys.CheckpointKeys, 0, first.Events, Actor.System, now, ct))
                logger.LogInformation("Registered this node's checkpoint key {KeyId} as the deployment's first.", Key.KeyId);
            ring = await KeyRingAsync(ct);
        }
        var current = ring.ValidAt(now);
        var status = current?.KeyId == Key.KeyId
            ? new SigningStatus("signing", Key.KeyId, Key.KeyId, "This node signs checkpoints with the deployment's current key.")
            : new SigningStatus("refused", Key.KeyId, current?.KeyId,
                $"This node's checkpoint key {Key.KeyId[..16]}… is not the deployment's current key {current?.KeyId[..16]}…: it signs nothing. "
                + "Give it the deployment's key in CASELEDGER_CHECKPOINT_KEY, or have an administrator register its key (POST /api/audit/public-keys).");
        var before = Interlocked.Exchange(ref _signing, status);
        if (before?.State != status.State || before.DeploymentKeyId != status.DeploymentKeyId)
        {
            if (status.State == "signing") logger.LogInformation("{Message}", status.Message);
            else logger.LogWarning("{Message}", status.Message);
        }
        return status;
    }

    /// <summary>Signs a checkpoint of every settled event, or returns the latest when nothing was appended since.</summary>
    /// <exception cref="CheckpointRefusedException">This node's key is not the deployment's current one.</exception>
    public async Task<Checkpoint> CreateAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (await SigningStatusAsync(ct) is { State: not "signing" } refused) throw new CheckpointRefusedException(refused.Message);
            var highWater = await log.SettledHighWaterAsync(ct);
            var latest = await LatestAsync(ct);
            // The record of the latest checkpoint itself is no reason for another: a quiet store stays quiet.
            if (latest is not null && !await log.AnyEventAsync(latest.HighWaterSequence, highWater, StreamKeys.Checkpoints, ct)) return Remember(latest);

            // Only the leaves since the latest checkpoint are read, appended to its frontier: no event can appear below its
            // settled mark later. Without a frontier to trust, every leaf is read once, and the frontier kept from then on.
            var from = latest is null ? null : TrustedFrontier(latest);
            // The stored tree nodes must reach the latest checkpoint to be grown from it: else every leaf is read once, and
            // every node written (a deployment that kept none before).
            if (from is not null && !await log.TreeNodes.CoversAsync(latest!.TreeSize, ct))
            {
                logger.LogInformation("The stored tree nodes do not reach the checkpoint of {TreeSize} events; this checkpoint reads every event and writes them.", latest.TreeSize);
                from = null;
            }
            else if (latest is { Frontier: null })
                logger.LogInformation("The checkpoint of {TreeSize} events was made before frontiers were kept; this checkpoint reads every event.", latest.TreeSize);
            else if (latest is not null && from is null)
                logger.LogWarning("The stored frontier of the checkpoint of {TreeSize} events does not fold to its signed root; this checkpoint reads every event.", latest.TreeSize);
            var (size, frontier, after) = from is null ? (0L, (IReadOnlyList<byte[]>)[], long.MinValue) : (latest!.TreeSize, from, latest.HighWaterSequence);
            var leaves = Hashed(await log.LeavesAsync(after, highWater, ct));
            // The groups begun and the nodes of a group's span or more completed, stored for the proofs (LogTreeNodes).
            var groups = leaves.Select((l, i) => (Index: size + i, l.Sequence)).Where(l => l.Index % SignedLogTree.GroupSpan == 0)
                .Select(l => (l.Index / SignedLogTree.GroupSpan, l.Sequence)).ToList();
            var nodes = new List<(int, long, byte[])>();
            frontier = Merkle.Append(size, frontier, leaves.Select(l => l.Hash), (height, index, node) =>
            {
                if (height >= LogTreeNodes.GroupHeight) nodes.Add((height - LogTreeNodes.GroupHeight, index, node));
            });
            await log.TreeNodes.WriteAsync(groups, nodes, ct);
            size += leaves.Count;
            // The tree proofs are made on grows by the same leaves, when it reaches exactly where they start.
            await _treeGate.WaitAsync(ct);
            try
            {
                if (_tree is { } tree && tree.HighWaterSequence == after) tree.Append(leaves, highWater);
            }
            finally
            {
                _treeGate.Release();
            }

            var heads = await HeadsAsync(after, highWater, ct);
            // The heads' tree folded once: its root, and its nodes of a block's span or more stored with the heads it moved
            // (every head when the previous checkpoint's are not stored) for one stream's proof (StreamHeadNodes).
            var headNodes = new List<(int, long, byte[])>();
            var headsFrontier = Merkle.Append(0, [], heads.Select(StreamHeads.LeafHash), (height, index, node) =>
            {
                if (height >= StreamHeadNodes.BlockHeight) headNodes.Add((height - StreamHeadNodes.BlockHeight, index, node));
            });
            var moved = latest is not null && await log.HeadNodes.CoversAsync(latest.TreeSize, ct)
                ? await log.StreamHeadsAsync(latest.HighWaterSequence, highWater, ct)
                : heads;
            await log.HeadNodes.WriteAsync(size, moved, heads, headNodes, ct);
            var checkpoint = new Checkpoint
            {
                Id = Checkpoint.IdFor(size),
                TreeSize = size,
                HighWaterSequence = highWater,
                RootHash = EventChain.Hex(Merkle.RootOfFrontier(frontier)),
                Time = EventChain.ToStorePrecision(clock.GetCurrentInstant()),
                KeyId = Key.KeyId,
                PreviousTreeSize = latest?.TreeSize ?? 0,
                PreviousRootHash = latest?.RootHash ?? Checkpoint.EmptyRoot,
                StreamCount = heads.Count,
                StreamsRoot = EventChain.Hex(Merkle.RootOfFrontier(headsFrontier)),
                Frontier = [.. frontier.Select(h => EventChain.Hex(h))],
            };
            checkpoint.Signature = Key.Sign(checkpoint.Statement());
            // Recorded as an event in the same transaction, for integrators to receive and keep (docs/integrity.md §2).
            await using var session = Region is null ? store.LightweightSession() : store.LightweightSession(Region);
            session.Insert(checkpoint);
            var recorded = (await session.Events.FetchStreamStateAsync(StreamKeys.Checkpoints, ct))?.Version ?? 0;
            await SystemAppend.StageAsync(session, StreamKeys.Checkpoints, recorded, [CheckpointSigned.Of(checkpoint)], Actor.System, clock.GetCurrentInstant(), ct);
            await session.SaveChangesAsync(ct);
            return Remember(checkpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The heads of the streams made so far (docs/integrity.md §2), up to <see cref="_headsMark"/>; used under <see cref="_gate"/>.</summary>
    private Dictionary<string, StreamHead>? _heads;

    private long _headsMark;

    /// <summary>
    /// Every stream's head up to <paramref name="highWater"/>, in the tree's order: the heads this process kept at the mark
    /// <paramref name="after"/>, replaced by those of the streams appended to since; read whole when it kept none at that mark
    /// (the first checkpoint here, or another process made the one before).
    /// </summary>
    private async Task<List<StreamHead>> HeadsAsync(long after, long highWater, CancellationToken ct)
    {
        if (_heads is null || _headsMark != after || after == long.MinValue)
        {
            _heads = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
            after = long.MinValue;
        }
        foreach (var head in await log.StreamHeadsAsync(after, highWater, ct)) _heads[head.Stream] = head;
        _headsMark = highWater;
        return StreamHeads.Ordered(_heads.Values);
    }

    /// <summary>
    /// The proof of <paramref name="stream"/>'s head in the checkpoint of <paramref name="treeSize"/> events; null when there is no
    /// such checkpoint, it signed no stream heads, the stream has no event up to its mark, or the heads stored now no longer give
    /// the signed root.
    /// </summary>
    public async Task<StreamHeadProof?> StreamHeadAsync(string stream, long treeSize, CancellationToken ct = default)
    {
        if (await FindAsync(treeSize, ct) is not { StreamsRoot: not null } checkpoint) return null;
        if (await log.HeadNodes.ProveAsync(stream, checkpoint, ct) is (true, var stored)) return stored;
        // The heads this process kept for the checkpoint it made last (an export makes one first), else read from the store.
        List<StreamHead>? heads = null;
        await _gate.WaitAsync(ct);
        try
        {
            if (_heads is not null && _headsMark == checkpoint.HighWaterSequence) heads = StreamHeads.Ordered(_heads.Values);
        }
        finally
        {
            _gate.Release();
        }
        if (heads is null)
        {
            Interlocked.Increment(ref _headsReadFromEvents);
            heads = StreamHeads.Ordered(await log.StreamHeadsAsync(long.MinValue, checkpoint.HighWaterSequence, ct));
        }
        if (heads.Count != checkpoint.StreamCount || EventChain.Hex(StreamHeads.Tree(heads).Root()) != checkpoint.StreamsRoot) return null;
        return StreamHeads.Prove(checkpoint, heads, stream);
    }

    /// <summary>The stream heads one case's audit proves on (<see cref="SignedHeadAsync"/>); built at the first. Used under <see cref="_treeGate"/>.</summary>
    private SignedHeadsTree? _headsTree;

    /// <summary>
    /// <paramref name="stream"/>'s head as <paramref name="checkpoint"/> signed it, proved on the heads this process keeps
    /// (<see cref="SignedHeadsTree"/>: read whole once, then grown to each checkpoint's mark by the heads appended since, and read
    /// whole again when they do not give the checkpoint's root). Null
    /// when the checkpoint signed no heads or lies below the kept mark (an older one). <c>Matches</c> is false when the kept
    /// heads do not give the signed root: the proof then says nothing of what was signed.
    /// </summary>
    internal async Task<(bool Matches, StreamHeadProof? Proof)?> SignedHeadAsync(string stream, Checkpoint checkpoint, CancellationToken ct)
    {
        if (checkpoint.StreamsRoot is null) return null;
        if (await log.HeadNodes.ProveAsync(stream, checkpoint, ct) is (true, var stored)) return (true, stored);
        await _treeGate.WaitAsync(ct);
        try
        {
            if (_headsTree is { } kept && kept.HighWaterSequence > checkpoint.HighWaterSequence) return null;
            // Kept heads that no longer give the signed root (streams changed between two checkpoints) are read again once.
            for (var fresh = _headsTree is null; ; fresh = true)
            {
                if (fresh) Interlocked.Increment(ref _headsReadFromEvents);
                var heads = _headsTree = fresh ? new SignedHeadsTree() : _headsTree!;
                if (heads.HighWaterSequence < checkpoint.HighWaterSequence)
                    heads.Append(await log.StreamHeadsAsync(heads.HighWaterSequence, checkpoint.HighWaterSequence, ct), checkpoint.HighWaterSequence);
                var (count, root) = heads.Root();
                var matches = count == checkpoint.StreamCount && EventChain.Hex(root) == checkpoint.StreamsRoot;
                if (matches || fresh) return (matches, heads.Prove(checkpoint, stream));
            }
        }
        finally
        {
            _treeGate.Release();
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
        await using var session = Query();
        return await session.Query<Checkpoint>().OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<Checkpoint?> LatestAsync(CancellationToken ct = default)
    {
        await using var session = Query();
        return await session.Query<Checkpoint>().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<Checkpoint?> FindAsync(long treeSize, CancellationToken ct = default)
    {
        await using var session = Query();
        return await session.LoadAsync<Checkpoint>(Checkpoint.IdFor(treeSize), ct);
    }

    /// <summary>The proof that the event at <paramref name="sequence"/> is in the checkpoint of <paramref name="treeSize"/>; null when either is unknown.</summary>
    public async Task<InclusionProof?> InclusionAsync(long sequence, long treeSize, CancellationToken ct = default)
    {
        if (await FindAsync(treeSize, ct) is not { } checkpoint) return null;
        return await ProveAsync(checkpoint, [sequence], proofs => proofs.LeafOf(sequence) is { } leaf
            ? new InclusionProof(sequence, leaf.Index, checkpoint.TreeSize, leaf.ChainHash ?? "", EventChain.Hex(leaf.Hash),
                [.. proofs.InclusionPath(leaf.Index).Select(p => EventChain.Hex(p))], checkpoint.RootHash)
            : null, ct, Verifies(checkpoint));
    }

    /// <summary>Whether an inclusion proof leads from its leaf to <paramref name="checkpoint"/>'s signed root (RFC 9162 §2.1.3.2).</summary>
    internal static Func<InclusionProof, bool> Verifies(Checkpoint checkpoint) => proof =>
        EventChain.ParseHex(proof.LeafHash) is { } leaf && EventChain.ParseHex(checkpoint.RootHash) is { } root
        && proof.AuditPath.Select(EventChain.ParseHex).ToList() is var path && path.All(p => p is not null)
        && Merkle.VerifyInclusion(proof.LeafIndex, checkpoint.TreeSize, leaf, [.. path.OfType<byte[]>()], root) is null;

    /// <summary>The proof that the checkpoint of <paramref name="from"/> events is a prefix of the one of <paramref name="to"/>.</summary>
    public async Task<ConsistencyProof?> ConsistencyAsync(long from, long to, CancellationToken ct = default)
    {
        if (from < 1 || from > to || await FindAsync(from, ct) is not { } first || await FindAsync(to, ct) is not { } second) return null;
        return await ProveAsync(second, [], proofs => new ConsistencyProof(from, to, first.RootHash, second.RootHash,
            [.. proofs.ConsistencyProof(from).Select(p => EventChain.Hex(p))]), ct, proof =>
                EventChain.ParseHex(proof.FromRoot) is { } fromRoot && EventChain.ParseHex(proof.ToRoot) is { } toRoot
                && Merkle.VerifyConsistency(from, to, fromRoot, toRoot, [.. proof.Proof.Select(p => EventChain.ParseHex(p) ?? [])]) is null);
    }

    /// <summary>
    /// Runs <paramref name="prove"/> on the tree of <paramref name="checkpoint"/> (<see cref="SignedLogTree"/>), with the leaves of
    /// the events at <paramref name="sequences"/> at hand. Only the groups of leaves the proofs need are read back from the
    /// store: a first pass names them, a second makes the proofs, so <paramref name="prove"/> runs twice and keeps nothing of
    /// the first. Null when the events stored now up to the checkpoint's mark are not as many as it signed (events removed or
    /// inserted since).
    /// </summary>
    /// <param name="verifies">Whether what <paramref name="prove"/> made leads to the checkpoint's signed root. When given, the proofs
    /// are first made on the stored tree nodes (<see cref="StoredLogTree"/>: O(log n) rows read, no pass over the log), and used
    /// only if they verify; otherwise, or without it, on the tree of every leaf kept in memory (built at the first such proof). When
    /// that tree no longer has the signed size (events removed or inserted elsewhere in the log since) while the stored nodes made
    /// a proof, the stored one is returned, unverified: it says what the proved events' own paths say.</param>
    public async Task<T?> ProveAsync<T>(Checkpoint checkpoint, IReadOnlyCollection<long> sequences, Func<LogProofs, T?> prove, CancellationToken ct = default,
        Func<T, bool>? verifies = null)
        where T : class
    {
        T? stored = null;
        if (verifies is not null && await log.TreeNodes.CoversAsync(checkpoint.TreeSize, ct))
        {
            (var made, stored) = await ProveOnStoredAsync(checkpoint, sequences, prove, ct);
            if (stored is not null && verifies(stored)) return stored;
            // Nothing to prove (an event that is no leaf) is asked of the leaves again, not reported.
            if (!made || stored is not null)
            {
                Interlocked.Increment(ref _madeAgainFromLeaves);
                logger.LogWarning("A proof made on the stored tree nodes does not lead to the signed root of {Checkpoint}: made again from the leaves "
                    + "(the stored nodes, or the events, were changed since).", Name(checkpoint));
            }
        }
        await _treeGate.WaitAsync(ct);
        try
        {
            var tree = await TreeUpToAsync(checkpoint.HighWaterSequence, ct);
            var read = new Dictionary<int, IReadOnlyList<LogLeaf>>();
            // The groups of the proved events, and of the checkpoint's last event: the leaf indexes and the size are read there.
            await ReadGroupsAsync(tree, [.. sequences.Append(checkpoint.HighWaterSequence).Select(tree.GroupOf).OfType<int>()], read, ct);
            var proofs = new LogProofs(tree, read, checkpoint);
            if (proofs.SizeAtMark() != checkpoint.TreeSize) return stored;

            prove(proofs);
            if (proofs.Needed.Count > 0) await ReadGroupsAsync(tree, [.. proofs.Needed], read, ct);
            proofs.Needed.Clear();
            var proved = prove(proofs);
            if (proofs.Needed.Count > 0) throw new InvalidOperationException("A proof asked for leaves its first pass did not name.");
            return proved;
        }
        finally
        {
            _treeGate.Release();
        }
    }

    private long _madeAgainFromLeaves;

    private long _headsReadFromEvents;

    /// <summary>How many times this process read every stream's head from the events to prove one (no stored heads, or they did not verify).</summary>
    public long HeadsReadFromEvents => Interlocked.Read(ref _headsReadFromEvents);

    /// <summary>How many proofs made on the stored tree nodes did not verify and were made again from the leaves (a warning each).</summary>
    public long ProofsMadeAgainFromLeaves => Interlocked.Read(ref _madeAgainFromLeaves);

    /// <summary>Whether this process built the tree of every leaf in memory (the proofs' fallback, and the path without stored nodes).</summary>
    public bool LogTreeBuiltInMemory => Volatile.Read(ref _tree) is not null;

    /// <summary>
    /// <paramref name="prove"/> run on the stored nodes of <paramref name="checkpoint"/>'s tree, passes repeated while it asks for
    /// groups of leaves or nodes not read yet; not made when a node it needs is not stored.
    /// </summary>
    private async Task<(bool Made, T? Proof)> ProveOnStoredAsync<T>(Checkpoint checkpoint, IReadOnlyCollection<long> sequences, Func<LogProofs, T?> prove,
        CancellationToken ct)
        where T : class
    {
        var stored = log.TreeNodes;
        var tree = new StoredLogTree(checkpoint);
        var marked = sequences.Append(checkpoint.HighWaterSequence).ToList();
        await tree.LoadGroupsAsync(stored, marked, ct);
        var read = new Dictionary<int, IReadOnlyList<LogLeaf>>();
        await ReadGroupsAsync(tree, [.. marked.Select(tree.GroupOf).OfType<int>()], read, ct);
        for (var pass = 0; pass < 4; pass++)
        {
            // No count of the leaves at the mark here: what is made is verified against the signed root, which a removed or
            // inserted leaf on its path fails; one elsewhere in the log does not concern these proofs.
            var proofs = new LogProofs(tree, read, checkpoint);
            tree.NeededNodes.Clear();
            T? proved;
            try
            {
                proved = prove(proofs);
            }
            catch (InvalidOperationException)
            {
                // A proof that cannot be made on the stored tree (an event that is no leaf where the stored groups put it).
                return (false, null);
            }
            if (proofs.Needed.Count == 0 && tree.NeededNodes.Count == 0) return (true, proved);
            if (!await tree.LoadNeededAsync(stored, proofs.Needed, ct)) return (false, null);
            await ReadGroupsAsync(tree, proofs.Needed, read, ct);
        }
        return (false, null);
    }

    /// <summary>The tree up to <paramref name="highWater"/>, a settled mark: grown by the leaves since it was last grown. Under the tree's gate.</summary>
    private async Task<SignedLogTree> TreeUpToAsync(long highWater, CancellationToken ct)
    {
        var tree = _tree ??= new SignedLogTree();
        if (tree.HighWaterSequence < highWater)
            tree.Append(Hashed(await log.LeavesAsync(tree.HighWaterSequence, highWater, ct)), highWater);
        return tree;
    }

    private async Task ReadGroupsAsync(IProvingTree tree, IReadOnlyCollection<int> groups,
        Dictionary<int, IReadOnlyList<LogLeaf>> read, CancellationToken ct)
    {
        var wanted = groups.Where(g => !tree.Holds(g) && !read.ContainsKey(g)).Distinct().ToList();
        var byFirst = await log.LeafGroupsAsync([.. wanted.Select(tree.FirstSequenceOf)], SignedLogTree.GroupSpan, tree.HighWaterSequence, ct);
        foreach (var group in wanted) read[group] = Hashed(byFirst[tree.FirstSequenceOf(group)]);
    }

    /// <summary>Every stored checkpoint against the events stored now: its signature, its size and its root, always rebuilt from the leaves, never from a stored frontier.</summary>
    /// <param name="events">Every stored event but the tombstones, when the caller has read them (the whole audit): the
    /// newest checkpoint's stream heads are then rebuilt from them; otherwise from the store.</param>
    public async Task<(int Count, IReadOnlyList<Finding> Findings)> VerifyAllAsync(IReadOnlyList<StoredEvent>? events = null, CancellationToken ct = default)
    {
        var checkpoints = await ListAsync(ct);
        var findings = new List<Finding>();
        if (checkpoints.Count == 0) return (0, findings);
        var ring = await KeyRingAsync(ct);
        var all = await LeavesAsync(checkpoints.Max(c => c.HighWaterSequence), ct);
        // One tree over all the leaves: each checkpoint's root is that of a prefix, a few dozen hashes, not a pass over the log.
        var tree = new MerkleTree([.. all.Select(l => l.Hash)]);
        findings.AddRange(Chain(checkpoints));
        foreach (var c in checkpoints)
        {
            var name = Name(c);
            var (signed, signatureFindings) = Signature(c, ring);
            findings.AddRange(signatureFindings);
            if (!signed) continue;
            var count = CountUpTo(all, c.HighWaterSequence);
            var root = EventChain.Hex(tree.RootOfFirst(count));
            if (count != c.TreeSize || root != c.RootHash)
                findings.Add(new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-mismatch", Rule, ChainCheck.Article,
                    $"{name} no longer matches: the stored events up to that sequence are {count} with root {root[..16]}…, "
                    + $"not the signed {c.TreeSize} with root {c.RootHash[..16]}…: events were changed, removed or inserted since."));
        }
        findings.AddRange(await HeadsOfNewestAsync(checkpoints[^1], events, ct));
        return (checkpoints.Count, findings);
    }

    /// <summary>
    /// A checkpoint's signature by the key it names, one of the deployment's registered keys (before any was registered, this
    /// node's own), and whether that key was the deployment's current one when it signed. <c>Signed</c> is false when the
    /// signature does not verify: nothing else about that checkpoint can be trusted.
    /// </summary>
    internal (bool Signed, IReadOnlyList<Finding> Findings) Signature(Checkpoint c, CheckpointKeyRing ring)
    {
        var name = Name(c);
        var key = ring.IsEmpty ? (c.KeyId == Key.KeyId ? Key.PublicKeyPem : null) : ring.Find(c.KeyId)?.PublicKeyPem;
        if (key is null || !Verified(key, c))
            return (false, [new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-signature-invalid", Rule, ChainCheck.Article,
                key is null
                    ? $"{name} names signing key {c.KeyId[..Math.Min(16, c.KeyId.Length)]}…, which is not one of the deployment's registered keys (GET /api/audit/public-keys)."
                    : $"{name}: its signature does not verify with the key it names, {c.KeyId[..16]}…: the checkpoint itself was altered.")]);
        if (!ring.IsEmpty && ring.ValidAt(c.Time) is { } valid && valid.KeyId != c.KeyId)
            return (true, [new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-key-not-valid", Rule, ChainCheck.Article,
                $"{name} with key {c.KeyId[..16]}…, but the deployment's key then was {valid.KeyId[..16]}… (valid from {EventChain.FormatTimestamp(valid.ValidFrom)}).")]);
        return (true, []);
    }

    /// <summary>The (key, statement, signature) triples this process found to verify: each checkpoint's signature is checked once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, string Statement, string Signature), bool> _verified = new();

    /// <summary>Whether the checkpoint's statement, as stored now, verifies with its signature under <paramref name="publicKeyPem"/>.</summary>
    private bool Verified(string publicKeyPem, Checkpoint c)
    {
        var statement = c.Statement();
        var known = (publicKeyPem, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(statement)), c.Signature);
        if (_verified.ContainsKey(known)) return true;
        if (!CheckpointKey.Verify(publicKeyPem, statement, c.Signature)) return false;
        _verified[known] = true;
        return true;
    }

    /// <summary>
    /// The newest checkpoint's stream heads rebuilt from the events stored now. The heads of earlier checkpoints are a function of
    /// the leaves their log roots sign, which the audit rebuilds; the newest is the one exports prove against.
    /// </summary>
    private async Task<IEnumerable<Finding>> HeadsOfNewestAsync(Checkpoint newest, IReadOnlyList<StoredEvent>? events, CancellationToken ct)
    {
        if (newest.StreamsRoot is null) return [];
        var heads = events is null
            ? StreamHeads.Ordered(await log.StreamHeadsAsync(long.MinValue, newest.HighWaterSequence, ct))
            : StreamHeads.Of(events, newest.HighWaterSequence);
        var root = EventChain.Hex(StreamHeads.Tree(heads).Root());
        if (heads.Count == newest.StreamCount && root == newest.StreamsRoot) return [];
        return [new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "stream-heads-mismatch", Rule, ChainCheck.Article,
            $"{Name(newest)} signed {newest.StreamCount} stream heads with root {newest.StreamsRoot[..Math.Min(16, newest.StreamsRoot.Length)]}…; "
            + $"the events stored now give {heads.Count} with root {root[..16]}…: a stream's last events were changed, cut off or added.")];
    }

    internal static string Name(Checkpoint c) =>
        $"Checkpoint of {c.TreeSize} events (to sequence {c.HighWaterSequence}) signed {EventChain.FormatTimestamp(c.Time)}";

    /// <summary>
    /// The chain of checkpoints: each names its predecessor (tree size and root), which must be stored as named. A
    /// checkpoint deleted from the store, or replaced, is missed by the one after it. (The newest cannot be missed by
    /// a successor: witnesses who keep checkpoints catch that, docs/integrity.md.)
    /// </summary>
    public static IEnumerable<Finding> Chain(IReadOnlyList<Checkpoint> checkpoints)
    {
        var bySize = checkpoints.GroupBy(c => c.TreeSize).ToDictionary(g => g.Key, g => g.First());
        foreach (var c in checkpoints)
        {
            if (c.PreviousTreeSize is not { } size) continue;
            var named = size == 0 ? Checkpoint.EmptyRoot : bySize.GetValueOrDefault(size)?.RootHash;
            if (named is null)
                yield return new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-missing", Rule, ChainCheck.Article,
                    $"{Name(c)} follows the checkpoint of {size} events, which is no longer stored: it was deleted.");
            else if (named != c.PreviousRootHash)
                yield return new Finding(AuditService.LogStream, null, "checkpoint-mismatch", "checkpoint-missing", Rule, ChainCheck.Article,
                    $"{Name(c)} follows a checkpoint of {size} events with root {c.PreviousRootHash?[..Math.Min(16, c.PreviousRootHash.Length)]}…; "
                    + $"the one stored has root {named[..Math.Min(16, named.Length)]}…: it was replaced.");
        }
    }

    /// <summary>How many of <paramref name="leaves"/>, in sequence order, are at or below <paramref name="highWater"/>.</summary>
    private static int CountUpTo(List<LogLeaf> leaves, long highWater)
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
    public async Task<List<LogLeaf>> LeavesAsync(long highWater, CancellationToken ct = default) =>
        Hashed(await log.LeavesAsync(highWater, ct));

    private static List<LogLeaf> Hashed(IEnumerable<(long Sequence, string? ChainHash)> leaves) =>
        [.. leaves.Select(l => new LogLeaf(l.Sequence, l.ChainHash, Checkpoint.LeafHash(l.Sequence, l.ChainHash)))];

    public void Dispose()
    {
        _gate.Dispose();
        _treeGate.Dispose();
        if (_key.IsValueCreated) _key.Value.Dispose();
    }
}
