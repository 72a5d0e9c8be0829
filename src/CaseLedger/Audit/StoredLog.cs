using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>One row of the event table as stored: what an auditor reads, never a projection.</summary>
public sealed record StoredEvent(
    long Sequence, string Stream, long Version, string Type, string DataJson, string? Actor, Instant Timestamp, string? ChainHash)
{
    public ChainedEvent Chained => new(Stream, Version, Type, DataJson, Actor, Timestamp);
}

/// <summary>Reads the stored events straight from Marten's event table with plain SQL.</summary>
public sealed class StoredLog(NpgsqlDataSource dataSource, IDocumentStore store)
{
    public string Schema => store.Options.Events.DatabaseSchemaName;

    public string Table(string name) => $"\"{Schema}\".{name}";

    /// <summary>Events of one stream (by version) or of all streams (by stream, then version); optionally up to a sequence.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string? stream = null, CancellationToken ct = default)
    {
        var sql = $"""
            select seq_id, stream_id, version, type, data::text, user_name, timestamp, headers->>'{EventChain.Header}'
            from {Table("mt_events")}
            {(stream is null ? "" : "where stream_id = $1")}
            order by stream_id, version, seq_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        if (stream is not null) command.Parameters.Add(new NpgsqlParameter { Value = stream });
        return await ReadRowsAsync(command, ct);
    }

    /// <summary>One case stream and the register streams (officers, agencies, calendar) its audit needs.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadCaseAndRegisterAsync(string caseId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select seq_id, stream_id, version, type, data::text, user_name, timestamp, headers->>'{EventChain.Header}'
            from {Table("mt_events")}
            where stream_id = $1 or stream_id in (select stream_id from {Table("mt_events")} where type = any($2))
            order by stream_id, version, seq_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = RegisterTypes });
        return await ReadRowsAsync(command, ct);
    }

    private static readonly string[] RegisterTypes = ["officer_registered", "official_calendar_loaded"];

    /// <summary>The leaves of the global log: sequence and stored chain hash, in sequence order, up to <paramref name="highWater"/>.</summary>
    public async Task<IReadOnlyList<(long Sequence, string? ChainHash)>> LeavesAsync(long highWater, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id, headers->>'{EventChain.Header}' from {Table("mt_events")} where seq_id <= $1 order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        var leaves = new List<(long, string?)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            leaves.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return leaves;
    }

    /// <summary>All events up to <paramref name="highWater"/> in global order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadInSequenceAsync(long highWater, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select seq_id, stream_id, version, type, data::text, user_name, timestamp, headers->>'{EventChain.Header}'
            from {Table("mt_events")} where seq_id <= $1 order by seq_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = highWater });
        return await ReadRowsAsync(command, ct);
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

    private static async Task<IReadOnlyList<StoredEvent>> ReadRowsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<Instant>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return events;
    }
}
