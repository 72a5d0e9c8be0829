using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CaseLedger.Commands;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>One row of the event table as stored: what an auditor reads, never a projection.</summary>
/// <param name="Archived">Marten's <c>is_archived</c> flag: never set by CaseLedger (closing and archiving a case are events), a finding when set.</param>
public sealed record StoredEvent(
    long Sequence, string Stream, long Version, string Type, string DataJson, string? Actor, Instant Timestamp, string? ChainHash, bool Archived = false)
{
    public ChainedEvent Chained => new(Stream, Version, Type, DataJson, Actor, Timestamp);
}

/// <summary>A row of Marten's stream table: the version it says its stream has reached, and Marten's archived flag.</summary>
public sealed record StoredStream(string Id, long? Version, bool Archived);

/// <summary>Reads the stored events straight from Marten's event table with plain SQL.</summary>
public sealed class StoredLog(NpgsqlDataSource dataSource, IDocumentStore store)
{
    public string Schema => store.Options.Events.DatabaseSchemaName;

    /// <summary>The stored interior of this log's Merkle tree (<see cref="LogTreeNodes"/>), in the same database.</summary>
    public LogTreeNodes TreeNodes => _treeNodes ??= new(dataSource, Schema);

    private LogTreeNodes? _treeNodes;

    /// <summary>The stored tree of stream heads of this log's checkpoints (<see cref="StreamHeadNodes"/>), in the same database.</summary>
    public StreamHeadNodes HeadNodes => _headNodes ??= new(dataSource, Schema);

    private StreamHeadNodes? _headNodes;

    public string Table(string name) => $"\"{Schema}\".{name}";

    /// <summary>Events of one stream (by version) or of all streams (by stream, then version).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string? stream = null, CancellationToken ct = default) =>
        await ToListAsync(StreamAsync(stream, ct), ct);

    /// <summary>
    /// Events of one stream (by version) or of all streams (by stream, then version, then sequence), one at a
    /// time as they arrive, so that a reader can work on them while the database still sends the rest.
    /// </summary>
    /// <param name="rows">When given, filled before the first event with the rows of Marten's stream table (of
    /// <paramref name="stream"/> or all), read in the same snapshot as the events.</param>
    public async IAsyncEnumerable<StoredEvent> StreamAsync(string? stream = null, [EnumeratorCancellation] CancellationToken ct = default,
        List<StoredStream>? rows = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(rows is null ? IsolationLevel.ReadCommitted : IsolationLevel.RepeatableRead, ct);
        if (rows is not null) await StreamRowsAsync(connection, transaction, stream is null ? null : [stream], rows, ct);
        // The (stream_id, version) index gives the order: sorting the whole log first (the planner's choice for
        // a table it thinks small) delays the first row until every row is read and spills to disk.
        await using (var plan = new NpgsqlCommand("set local enable_sort = off", connection, transaction))
            await plan.ExecuteNonQueryAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select {Columns} from {Table("mt_events")}
            {(stream is null ? "" : "where stream_id = $1")}
            order by stream_id, version
            """, connection, transaction);
        if (stream is not null) command.Parameters.Add(new NpgsqlParameter { Value = stream });
        await foreach (var e in RowsAsync(command, ct)) yield return e;
    }

    /// <summary>The register's streams alone (officers, the calendar): for a region's audit, whose log holds none.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadRegisterAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select {Columns} from {Table("mt_events")}
            where stream_id in (select stream_id from {Table("mt_events")} where type = any($1))
            order by stream_id, version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = RegisterTypes });
        return await ToListAsync(RowsAsync(command, ct), ct);
    }

    /// <summary>One case stream and the register streams (officers, the calendar) its audit needs.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadCaseAndRegisterAsync(string caseId, CancellationToken ct = default) =>
        await ToListAsync(StreamCaseAndRegisterAsync(caseId, ct), ct);

    /// <summary>
    /// As <see cref="ReadCaseAndRegisterAsync"/>, one event at a time: the case by version, then each register stream by version.
    /// The register streams read are the calendar and those of the officers the case's events name: the procedure looks officers
    /// up by the ids its events carry, never through the whole register, so every string the events hold (and each actor) is
    /// tried as a stream id, and those streams that are register streams are read. That keeps the audit of one case to the
    /// size of the case, not of the register or the log.
    /// </summary>
    /// <param name="rows">When given, filled before the first event with the case's row of Marten's stream table, read in the same snapshot.</param>
    public async IAsyncEnumerable<StoredEvent> StreamCaseAndRegisterAsync(string caseId, [EnumeratorCancellation] CancellationToken ct = default,
        List<StoredStream>? rows = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        if (rows is not null) await StreamRowsAsync(connection, transaction, [caseId], rows, ct);
        var named = new HashSet<string>(StringComparer.Ordinal) { StreamKeys.HolidayCalendar };
        await using (var command = new NpgsqlCommand($"select {Columns} from {Table("mt_events")} where stream_id = $1 order by stream_id, version", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caseId });
            await foreach (var e in RowsAsync(command, ct))
            {
                Named(e, named);
                yield return e;
            }
        }
        named.Remove(caseId);
        await using var register = new NpgsqlCommand($"""
            select {Columns} from {Table("mt_events")}
            where stream_id = any($1) and stream_id in (select stream_id from {Table("mt_events")} where stream_id = any($1) and type = any($2))
            order by stream_id, version
            """, connection, transaction);
        register.Parameters.Add(new NpgsqlParameter { Value = named.ToArray() });
        register.Parameters.Add(new NpgsqlParameter { Value = RegisterTypes });
        await foreach (var e in RowsAsync(register, ct)) yield return e;
    }

    /// <summary>Every string an event's data holds, and its actor: the ids it may name.</summary>
    private static void Named(StoredEvent e, HashSet<string> named)
    {
        if (e.Actor is { } actor) named.Add(actor);
        try
        {
            using var document = JsonDocument.Parse(e.DataJson);
            Strings(document.RootElement, named);
        }
        catch (JsonException)
        {
            // Data that is no JSON names nothing; the audit reports the event as unreadable.
        }

        static void Strings(JsonElement element, HashSet<string> named)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: named.Add(element.GetString()!); break;
                case JsonValueKind.Array: foreach (var item in element.EnumerateArray()) Strings(item, named); break;
                case JsonValueKind.Object: foreach (var property in element.EnumerateObject()) Strings(property.Value, named); break;
            }
        }
    }

    private async Task StreamRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[]? streams, List<StoredStream> rows, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select id, version, is_archived from {Table("mt_streams")} {(streams is null ? "" : "where id = any($1)")}", connection, transaction);
        if (streams is not null) command.Parameters.Add(new NpgsqlParameter { Value = streams });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new StoredStream(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), !reader.IsDBNull(2) && reader.GetBoolean(2)));
    }

    /// <summary>
    /// The columns of a <see cref="StoredEvent"/>. <c>data</c> is read as jsonb, not cast to text in the query:
    /// the cast made the planner sort every row instead of reading the (stream_id, version) index in order.
    /// A timestamp outside years 1–9998 (infinity, or a year NodaTime cannot hold) is read as null and stands as
    /// <see cref="OutOfRange"/>: the engine never records one, so its chain cannot hold, and it is a finding, not a crash.
    /// </summary>
    private const string Columns = $"seq_id, stream_id, version, type, data, user_name, "
        + $"case when timestamp >= '0001-01-02 00:00:00+00' and timestamp < '9999-01-01 00:00:00+00' then timestamp end, headers->>'{EventChain.Header}', is_archived";

    /// <summary>Stands for a stored timestamp out of every range the engine records (see <see cref="Columns"/>).</summary>
    public static readonly Instant OutOfRange = Instant.FromUtc(1, 1, 1, 0, 0);

    private static readonly string[] RegisterTypes = ["officer_registered", "official_calendar_loaded"];

    /// <summary>The leaves of the global log: sequence and stored chain hash, in sequence order, up to <paramref name="highWater"/>.</summary>
    public Task<IReadOnlyList<(long Sequence, string? ChainHash)>> LeavesAsync(long highWater, CancellationToken ct = default) =>
        LeavesAsync(long.MinValue, highWater, ct);

    /// <summary>
    /// The leaves with a sequence above <paramref name="after"/> and up to <paramref name="highWater"/>, in sequence order. With
    /// <paramref name="after"/> a settled high-water mark (<see cref="SettledHighWaterAsync"/>), these are exactly the leaves
    /// appended to the log since the tree up to that mark.
    /// </summary>
    public async Task<IReadOnlyList<(long Sequence, string? ChainHash)>> LeavesAsync(long after, long highWater, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id, headers->>'{EventChain.Header}' from {Table("mt_events")} where seq_id > $1 and seq_id <= $2 and {Tombstones.NotTombstoneSql} order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        var leaves = new List<(long, string?)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            leaves.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return leaves;
    }

    /// <summary>Whether an event other than of <paramref name="except"/> (or a tombstone) has a sequence above <paramref name="after"/> and up to <paramref name="highWater"/>.</summary>
    public async Task<bool> AnyEventAsync(long after, long highWater, string except, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select exists (select 1 from {Table("mt_events")} where seq_id > $1 and seq_id <= $2 and {Tombstones.NotTombstoneSql} and stream_id <> $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        command.Parameters.Add(new NpgsqlParameter { Value = except });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The heads (<see cref="StreamHeads"/>) of the streams that have a leaf above <paramref name="after"/> and up to
    /// <paramref name="highWater"/>: each one's event of the highest sequence in that range. With <paramref name="after"/> the
    /// mark of the heads already known, these replace theirs; from the start of the log, they are every head.
    /// </summary>
    public async Task<IReadOnlyList<StreamHead>> StreamHeadsAsync(long after, long highWater, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select distinct on (stream_id) stream_id, version, headers->>'{EventChain.Header}' from {Table("mt_events")}
            where seq_id > $1 and seq_id <= $2 and {Tombstones.NotTombstoneSql} order by stream_id, seq_id desc
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        var heads = new List<StreamHead>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            heads.Add(new StreamHead(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return heads;
    }

    /// <summary>
    /// The leaves of groups of the log (<see cref="SignedLogTree"/>), each read from its first sequence: up to
    /// <paramref name="span"/> leaves at or above it and at or below <paramref name="highWater"/>, by first sequence.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, List<(long Sequence, string? ChainHash)>>> LeafGroupsAsync(
        IReadOnlyCollection<long> firstSequences, int span, long highWater, CancellationToken ct = default)
    {
        var groups = firstSequences.Distinct().ToDictionary(first => first, _ => new List<(long, string?)>());
        if (groups.Count == 0) return groups;
        await using var command = dataSource.CreateCommand($"""
            select g.first, l.seq_id, l.chain_hash
            from unnest($1::bigint[]) as g(first)
            cross join lateral (
              select seq_id, headers->>'{EventChain.Header}' as chain_hash from {Table("mt_events")}
              where seq_id >= g.first and seq_id <= $2 and {Tombstones.NotTombstoneSql} order by seq_id limit $3) l
            order by g.first, l.seq_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        command.Parameters.Add(new NpgsqlParameter { Value = span });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            groups[reader.GetInt64(0)].Add((reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return groups;
    }

    /// <summary>All events up to <paramref name="highWater"/> in global order (Marten's tombstones are not events: <see cref="Tombstones"/>).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadInSequenceAsync(long highWater, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from {Table("mt_events")} where seq_id <= $1 and {Tombstones.NotTombstoneSql} order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        return await ToListAsync(RowsAsync(command, ct), ct);
    }

    /// <summary>
    /// The settled high-water mark: the highest sequence read now, once every transaction that was open
    /// when it was read has ended. A transaction that drew a lower sequence and has not committed yet was
    /// open then; after it ends, its event is either stored or never will be, so no event can later
    /// appear below the mark. Waits on that condition, never on a fixed time.
    /// </summary>
    public async Task<long> SettledHighWaterAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var max = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {Table("mt_events")}", connection);
        var highWater = (long)(await max.ExecuteScalarAsync(ct))!;

        var pids = new List<int>();
        var starts = new List<Instant>();
        await using (var open = new NpgsqlCommand(
            "select pid, xact_start from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null",
            connection))
        await using (var reader = await open.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                pids.Add(reader.GetInt32(0));
                starts.Add(reader.GetFieldValue<Instant>(1));
            }
        }
        if (pids.Count == 0) return highWater;

        await using var still = new NpgsqlCommand("""
            select count(*) from pg_stat_activity a join unnest($1::int[], $2::timestamptz[]) as o(pid, xact_start)
              on a.pid = o.pid and a.xact_start = o.xact_start
            """, connection);
        still.Parameters.Add(new NpgsqlParameter { Value = pids.ToArray() });
        still.Parameters.Add(new NpgsqlParameter { Value = starts.ToArray() });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while ((long)(await still.ExecuteScalarAsync(timeout.Token))! > 0)
            await Task.Delay(5, timeout.Token);
        return highWater;
    }

    /// <summary>
    /// The rows as read, except that rows sharing a stream and version come by sequence. The unique index on
    /// (stream_id, version) keeps there from being any such rows; were it dropped, their order would still
    /// not depend on the query plan.
    /// </summary>
    private static async IAsyncEnumerable<StoredEvent> RowsAsync(NpgsqlCommand command, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var same = new List<StoredEvent>();
        while (await reader.ReadAsync(ct))
        {
            var e = Row(reader);
            if (same.Count > 0 && (same[0].Version != e.Version || same[0].Stream != e.Stream))
            {
                foreach (var held in BySequence(same)) yield return held;
                same.Clear();
            }
            same.Add(e);
        }
        foreach (var held in BySequence(same)) yield return held;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StoredEvent Row(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? OutOfRange : reader.GetFieldValue<Instant>(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        !reader.IsDBNull(8) && reader.GetBoolean(8));

    private static List<StoredEvent> BySequence(List<StoredEvent> same)
    {
        if (same.Count > 1) same.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return same;
    }

    private static async Task<IReadOnlyList<StoredEvent>> ToListAsync(IAsyncEnumerable<StoredEvent> events, CancellationToken ct)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in events.WithCancellation(ct)) list.Add(e);
        return list;
    }
}
