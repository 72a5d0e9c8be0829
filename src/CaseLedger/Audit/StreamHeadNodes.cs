using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// The tree of stream heads (<see cref="StreamHeads"/>) as each checkpoint signed it, stored so that one stream's head is proved
/// from about a thousand rows and a few dozen nodes instead of every head of the log: each stream's head at each checkpoint that
/// moved it (<c>stream_heads_signed</c>), and for the newest checkpoints the root of every aligned block of <see cref="BlockSpan"/>
/// heads and of every aligned perfect subtree above, with the stream each block starts at (<c>stream_head_nodes</c>,
/// <c>stream_head_blocks</c>). Written by the checkpoint service as it signs, from the heads it folds into the signed root.
/// </summary>
/// <remarks>
/// Unsigned, and trusted only through the signed root: a head proved from these rows is used only when its path leads to the
/// checkpoint's <c>streamsRoot</c>; otherwise the heads are read from the events as before (<see cref="CheckpointService.SignedHeadAsync"/>).
/// </remarks>
public sealed class StreamHeadNodes(NpgsqlDataSource dataSource, string schema)
{
    public const int BlockSpan = 1024;
    public static readonly int BlockHeight = System.Numerics.BitOperations.Log2(BlockSpan);
    public const string HeadsTable = "stream_heads_signed";
    public const string NodesTable = "stream_head_nodes";
    public const string BlocksTable = "stream_head_blocks";

    /// <summary>How many checkpoints' blocks and nodes are kept: the newest, and the one before while a proof may still read it.</summary>
    private const int KeptCheckpoints = 2;

    private string Table(string name) => $"\"{schema}\".{name}";

    /// <summary>The tables, created where missing at each start (<see cref="Hosting.ReadModelUpgrade"/>). Stream ids compare as the tree orders them (ordinal).</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            create table if not exists "{schema}".{HeadsTable} (stream text collate "C" not null, tree_size bigint not null, version bigint not null,
              chain_hash text, primary key (stream, tree_size));
            create table if not exists "{schema}".{NodesTable} (tree_size bigint not null, level int not null, idx bigint not null, hash bytea not null,
              primary key (tree_size, level, idx));
            create table if not exists "{schema}".{BlocksTable} (tree_size bigint not null, idx bigint not null, first_stream text collate "C" not null,
              primary key (tree_size, idx));
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    private bool? _present;

    /// <summary>Whether the tables are there: a store opened without <see cref="Hosting.ReadModelUpgrade"/> neither writes nor reads them.</summary>
    public async Task<bool> PresentAsync(CancellationToken ct = default)
    {
        if (_present is { } known) return known;
        await using var command = dataSource.CreateCommand("select to_regclass($1) is not null and to_regclass($2) is not null and to_regclass($3) is not null");
        foreach (var table in new[] { HeadsTable, NodesTable, BlocksTable }) command.Parameters.Add(new NpgsqlParameter { Value = Table(table) });
        var present = (bool)(await command.ExecuteScalarAsync(ct))!;
        if (present) _present = true;
        return present;
    }

    /// <summary>Whether the blocks of the checkpoint of <paramref name="treeSize"/> events are stored (its heads all written).</summary>
    public async Task<bool> CoversAsync(long treeSize, CancellationToken ct = default)
    {
        if (!await PresentAsync(ct)) return false;
        await using var command = dataSource.CreateCommand($"select exists (select 1 from {Table(BlocksTable)} where tree_size = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Writes the checkpoint of <paramref name="treeSize"/> events: the heads it moved, and, over <paramref name="ordered"/> (every
    /// head it signed, in the tree's order), its blocks and nodes; those of older checkpoints but the one before are removed.
    /// </summary>
    public async Task WriteAsync(long treeSize, IReadOnlyCollection<StreamHead> moved, IReadOnlyList<StreamHead> ordered,
        IReadOnlyList<(int Level, long Index, byte[] Hash)> nodes, CancellationToken ct = default)
    {
        if (!await PresentAsync(ct)) return;
        await using var batch = dataSource.CreateBatch();
        var heads = new NpgsqlBatchCommand($"""
            insert into {Table(HeadsTable)} (stream, tree_size, version, chain_hash) select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
            on conflict (stream, tree_size) do update set version = excluded.version, chain_hash = excluded.chain_hash
            """);
        heads.Parameters.Add(new NpgsqlParameter { Value = moved.Select(h => h.Stream).ToArray() });
        heads.Parameters.Add(new NpgsqlParameter { Value = moved.Select(_ => treeSize).ToArray() });
        heads.Parameters.Add(new NpgsqlParameter { Value = moved.Select(h => h.Version).ToArray() });
        heads.Parameters.Add(new NpgsqlParameter { Value = moved.Select(h => h.ChainHash).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var blocks = Enumerable.Range(0, (ordered.Count + BlockSpan - 1) / BlockSpan).ToList();
        var blockRows = new NpgsqlBatchCommand($"""
            insert into {Table(BlocksTable)} (tree_size, idx, first_stream) select $1, * from unnest($2::bigint[], $3::text[])
            on conflict (tree_size, idx) do update set first_stream = excluded.first_stream
            """);
        blockRows.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        blockRows.Parameters.Add(new NpgsqlParameter { Value = blocks.Select(b => (long)b).ToArray() });
        blockRows.Parameters.Add(new NpgsqlParameter { Value = blocks.Select(b => ordered[b * BlockSpan].Stream).ToArray() });
        var nodeRows = new NpgsqlBatchCommand($"""
            insert into {Table(NodesTable)} (tree_size, level, idx, hash) select $1, * from unnest($2::int[], $3::bigint[], $4::bytea[])
            on conflict (tree_size, level, idx) do update set hash = excluded.hash
            """);
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Level).ToArray() });
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Index).ToArray() });
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Hash).ToArray() });
        batch.BatchCommands.Add(heads);
        batch.BatchCommands.Add(blockRows);
        batch.BatchCommands.Add(nodeRows);
        foreach (var table in new[] { BlocksTable, NodesTable })
        {
            var old = new NpgsqlBatchCommand($"""
                delete from {Table(table)} where tree_size not in (select distinct tree_size from {Table(BlocksTable)} order by tree_size desc limit {KeptCheckpoints})
                """);
            batch.BatchCommands.Add(old);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The block of the checkpoint of <paramref name="treeSize"/> events that would hold <paramref name="stream"/>, and its heads as
    /// signed (each stream's latest stored head up to that checkpoint), in the tree's order; null when no block is stored.
    /// </summary>
    /// <remarks>With <paramref name="index"/>, the block of that index instead.</remarks>
    public async Task<(long Block, List<StreamHead> Heads)?> BlockOfAsync(long treeSize, string? stream, CancellationToken ct = default, long? index = null)
    {
        await using var command = dataSource.CreateCommand($"""
            with b as (select idx, first_stream from {Table(BlocksTable)}
                       where tree_size = $1 and (case when $3::bigint is null then first_stream <= $2 else idx = $3 end) order by first_stream desc limit 1),
                 n as (select min(first_stream) as next from {Table(BlocksTable)} where tree_size = $1 and first_stream > (select first_stream from b))
            select b.idx, h.stream, h.version, h.chain_hash from b cross join n
            cross join lateral (
              select distinct on (stream) stream, version, chain_hash from {Table(HeadsTable)}
              where stream >= b.first_stream and (n.next is null or stream < n.next) and tree_size <= $1
              order by stream, tree_size desc) h
            order by h.stream
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stream ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)index ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        long? block = null;
        var heads = new List<StreamHead>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            block = reader.GetInt64(0);
            heads.Add(new StreamHead(reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return block is { } found ? (found, heads) : null;
    }

    /// <summary>The stored nodes of the checkpoint of <paramref name="treeSize"/> events among <paramref name="wanted"/> (level, index).</summary>
    public async Task<Dictionary<(int Level, long Index), byte[]>> NodesAsync(long treeSize, IReadOnlyCollection<(int Level, long Index)> wanted,
        CancellationToken ct = default)
    {
        var found = new Dictionary<(int, long), byte[]>();
        if (wanted.Count == 0) return found;
        await using var command = dataSource.CreateCommand($"""
            select n.level, n.idx, n.hash from unnest($2::int[], $3::bigint[]) as w(level, idx)
            join {Table(NodesTable)} n on n.tree_size = $1 and n.level = w.level and n.idx = w.idx
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        command.Parameters.Add(new NpgsqlParameter { Value = wanted.Select(w => w.Level).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = wanted.Select(w => w.Index).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[(reader.GetInt32(0), reader.GetInt64(1))] = (byte[])reader[2];
        return found;
    }

    /// <summary>
    /// <paramref name="stream"/>'s head as <paramref name="checkpoint"/> signed it, proved on the stored heads and nodes
    /// (the stream's block of heads and a few dozen nodes read); not proved when they are not stored or do not lead to the
    /// signed <c>streamsRoot</c> (<see cref="CheckpointService.SignedHeadAsync"/> then reads the heads from the events). A stream the verified block does not
    /// hold had no head in that checkpoint: its proof is null.
    /// </summary>
    public async Task<(bool Proved, StreamHeadProof? Proof)> ProveAsync(string stream, Checkpoint checkpoint, CancellationToken ct = default)
    {
        if (checkpoint.StreamCount is not { } streams || streams == 0 || EventChain.ParseHex(checkpoint.StreamsRoot) is not { } root
            || !await CoversAsync(checkpoint.TreeSize, ct) || await BlockOfAsync(checkpoint.TreeSize, stream, ct) is not var (block, heads))
            return (false, null);
        var count = (int)streams;
        var blocks = new Dictionary<long, List<byte[]>>();
        if (!AddBlock(block, heads)) return (false, null);
        var found = new Dictionary<(int Level, long Index), byte[]>();
        var needed = new HashSet<(int Level, long Index)>();
        var neededBlocks = new HashSet<long>();
        var at = heads.FindIndex(h => h.Stream == stream);
        // A stream the block does not hold is shown absent by the block's first head's proof: the block is the one signed.
        var index = (int)(block * StreamHeadNodes.BlockSpan) + Math.Max(at, 0);
        for (var pass = 0; pass < 4; pass++)
        {
            needed.Clear();
            neededBlocks.Clear();
            var tree = new MerkleTree(count, StreamHeadNodes.BlockSpan, new StoredLevels(count, StreamHeadNodes.BlockHeight, found, needed), i =>
            {
                if (blocks.TryGetValue(i / StreamHeadNodes.BlockSpan, out var leaves) && i % StreamHeadNodes.BlockSpan < leaves.Count)
                    return leaves[i % StreamHeadNodes.BlockSpan];
                neededBlocks.Add(i / StreamHeadNodes.BlockSpan);
                return new byte[32];
            });
            var path = tree.InclusionPath(index, count);
            if (needed.Count == 0 && neededBlocks.Count == 0)
            {
                var leaf = blocks[block][index % StreamHeadNodes.BlockSpan];
                if (Merkle.VerifyInclusion(index, count, leaf, path, root) is not null) return (false, null);
                return (true, at < 0 ? null : new StreamHeadProof(checkpoint.TreeSize, heads[at], index, count, [.. path.Select(p => EventChain.Hex(p))],
                    checkpoint.StreamsRoot!));
            }
            foreach (var (key, hash) in await NodesAsync(checkpoint.TreeSize, [.. needed], ct)) found[key] = hash;
            if (!needed.All(found.ContainsKey)) return (false, null);
            foreach (var other in neededBlocks)
                if (await BlockOfAsync(checkpoint.TreeSize, null, ct, other) is not var (_, otherHeads) || !AddBlock(other, otherHeads))
                    return (false, null);
        }
        return (false, null);

        // A block's heads as leaves; false when it holds none or not as many as the signed tree has there.
        bool AddBlock(long b, List<StreamHead> held)
        {
            var expected = Math.Min(StreamHeadNodes.BlockSpan, count - b * StreamHeadNodes.BlockSpan);
            if (held.Count != expected || expected <= 0) return false;
            blocks[b] = [.. held.Select(StreamHeads.LeafHash)];
            return true;
        }
    }
}
