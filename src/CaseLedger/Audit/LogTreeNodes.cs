using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// The interior of the log's Merkle tree as the checkpoints signed it, stored beside the events so that a proof reads a few dozen
/// rows instead of every leaf (<see cref="StoredLogTree"/>): the root of every aligned perfect subtree of
/// <see cref="SignedLogTree.GroupSpan"/> leaves and more (<c>log_tree_nodes</c>: level 0 the groups, each level above twice the
/// span), and the sequence each group of leaves starts at (<c>log_tree_groups</c>). Written by the checkpoint service as it signs
/// (<see cref="CheckpointService.CreateAsync"/>), from the same leaves it folds into the signed root. A node never changes once
/// its leaves are settled, so a row is written again, never removed.
/// </summary>
/// <remarks>
/// Nothing here is signed, and nothing read from here is trusted as such: a proof made on these rows is used only once it leads
/// to the checkpoint's signed root; otherwise it is made again from the leaves (<see cref="CheckpointService.ProveAsync"/>).
/// </remarks>
public sealed class LogTreeNodes(NpgsqlDataSource dataSource, string schema)
{
    public const string NodesTable = "log_tree_nodes";
    public const string GroupsTable = "log_tree_groups";

    /// <summary>The height (log₂ of its leaves) of a level-0 node: a group's root.</summary>
    public static readonly int GroupHeight = System.Numerics.BitOperations.Log2(SignedLogTree.GroupSpan);

    private string Table(string name) => $"\"{schema}\".{name}";

    /// <summary>The two tables, created where missing at each start (<see cref="Hosting.ReadModelUpgrade"/>), in each database.</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            create table if not exists "{schema}".{NodesTable} (level int not null, idx bigint not null, hash bytea not null, primary key (level, idx));
            create table if not exists "{schema}".{GroupsTable} (idx bigint primary key, first_sequence bigint not null);
            create index if not exists {GroupsTable}_first on "{schema}".{GroupsTable} (first_sequence);
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    private bool? _present;

    /// <summary>
    /// Whether the tables are there (made at start by <see cref="Hosting.ReadModelUpgrade"/>): a store opened without it (a tool's)
    /// neither writes nor reads nodes, and proves from the leaves as before.
    /// </summary>
    public async Task<bool> PresentAsync(CancellationToken ct = default)
    {
        if (_present is { } known) return known;
        await using var command = dataSource.CreateCommand("select to_regclass($1) is not null and to_regclass($2) is not null");
        command.Parameters.Add(new NpgsqlParameter { Value = Table(NodesTable) });
        command.Parameters.Add(new NpgsqlParameter { Value = Table(GroupsTable) });
        var present = (bool)(await command.ExecuteScalarAsync(ct))!;
        // Once there, the tables stay; missing, they are looked for again (a start may make them meanwhile).
        if (present) _present = true;
        return present;
    }

    /// <summary>How many groups have their first sequence stored: the tree the table covers starts no later than that many groups.</summary>
    public async Task<long> GroupsAsync(CancellationToken ct = default)
    {
        if (!await PresentAsync(ct)) return 0;
        await using var command = dataSource.CreateCommand($"select coalesce(max(idx) + 1, 0) from {Table(GroupsTable)}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Whether the table holds every group of a tree of <paramref name="treeSize"/> leaves.</summary>
    public async Task<bool> CoversAsync(long treeSize, CancellationToken ct = default) =>
        treeSize > 0 && await GroupsAsync(ct) >= (treeSize + SignedLogTree.GroupSpan - 1) / SignedLogTree.GroupSpan;

    /// <summary>Writes the groups begun and the nodes completed by leaves appended to the tree (again where present).</summary>
    public async Task WriteAsync(IReadOnlyList<(long Index, long FirstSequence)> groups, IReadOnlyList<(int Level, long Index, byte[] Hash)> nodes,
        CancellationToken ct = default)
    {
        if (groups.Count == 0 && nodes.Count == 0 || !await PresentAsync(ct)) return;
        await using var batch = dataSource.CreateBatch();
        var groupRows = new NpgsqlBatchCommand($"""
            insert into {Table(GroupsTable)} (idx, first_sequence) select * from unnest($1::bigint[], $2::bigint[])
            on conflict (idx) do update set first_sequence = excluded.first_sequence
            """);
        groupRows.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Index).ToArray() });
        groupRows.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.FirstSequence).ToArray() });
        var nodeRows = new NpgsqlBatchCommand($"""
            insert into {Table(NodesTable)} (level, idx, hash) select * from unnest($1::int[], $2::bigint[], $3::bytea[])
            on conflict (level, idx) do update set hash = excluded.hash
            """);
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Level).ToArray() });
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Index).ToArray() });
        nodeRows.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(n => n.Hash).ToArray() });
        batch.BatchCommands.Add(groupRows);
        batch.BatchCommands.Add(nodeRows);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The group each of <paramref name="sequences"/> falls in, and its first sequence: the group starting at or before it.</summary>
    public async Task<Dictionary<long, (int Group, long First)>> GroupsOfAsync(IReadOnlyCollection<long> sequences, CancellationToken ct = default)
    {
        var found = new Dictionary<long, (int, long)>();
        if (sequences.Count == 0) return found;
        await using var command = dataSource.CreateCommand($"""
            select s.seq, g.idx, g.first_sequence from unnest($1::bigint[]) as s(seq)
            cross join lateral (select idx, first_sequence from {Table(GroupsTable)} where first_sequence <= s.seq order by first_sequence desc limit 1) g
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetInt64(0)] = ((int)reader.GetInt64(1), reader.GetInt64(2));
        return found;
    }

    /// <summary>The first sequence of each of <paramref name="groups"/> stored.</summary>
    public async Task<Dictionary<int, long>> FirstSequencesAsync(IReadOnlyCollection<int> groups, CancellationToken ct = default)
    {
        var found = new Dictionary<int, long>();
        if (groups.Count == 0) return found;
        await using var command = dataSource.CreateCommand($"select idx, first_sequence from {Table(GroupsTable)} where idx = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => (long)g).Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[(int)reader.GetInt64(0)] = reader.GetInt64(1);
        return found;
    }

    /// <summary>The stored nodes among <paramref name="wanted"/> (level, index).</summary>
    public async Task<Dictionary<(int Level, long Index), byte[]>> NodesAsync(IReadOnlyCollection<(int Level, long Index)> wanted, CancellationToken ct = default)
    {
        var found = new Dictionary<(int, long), byte[]>();
        if (wanted.Count == 0) return found;
        await using var command = dataSource.CreateCommand($"""
            select n.level, n.idx, n.hash from unnest($1::int[], $2::bigint[]) as w(level, idx)
            join {Table(NodesTable)} n on n.level = w.level and n.idx = w.idx
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = wanted.Select(w => w.Level).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = wanted.Select(w => w.Index).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[(reader.GetInt32(0), reader.GetInt64(1))] = (byte[])reader[2];
        return found;
    }
}
