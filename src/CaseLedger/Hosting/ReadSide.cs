using Marten;
using Marten.Services;
using Marten.Storage;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// Where reads go (issue #22): the read replica named by CASELEDGER_DB_READ when there is one, else the primary. The board,
/// the queues, the figures and the feed read the replica and may lag behind it by the replication lag this reports; what a
/// reader asks of one case (its state, events, audit trail, console page) stays read-your-writes: the replica serves it only
/// once it holds the stream's last version as the primary has it, so a case read right after a command shows that command.
/// </summary>
/// <remarks>
/// The replica is a second Marten database of the same store (same mappings, same generated code), over a data source of its own
/// with NodaTime types like the primary's. Nothing writes through it: a hot standby refuses writes, and every session opened
/// here is a query session.
/// </remarks>
public sealed class ReadSide : IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _ownedSource;
    private readonly NpgsqlDataSource? _replicaSource;
    private readonly MartenDatabase? _replica;
    private readonly string _streams;
    private readonly IReadOnlyList<Region> _regions;

    public ReadSide(IDocumentStore store, NpgsqlDataSource primary, CaseLedgerSettings settings)
    {
        (_store, _primary, _regions) = (store, primary, settings.Regions);
        _streams = $"{settings.Schema}.mt_streams";
        if (settings.ReadConnectionString is not { Length: > 0 } read) return;
        var target = TargetOf(read);
        _ownedSource = CaseLedgerServices.DataSource(read);
        // Marten sends a read session on a multi-host source to its store-wide read preference (the primary, by default):
        // the hosts are handed over already narrowed to the read string's own preference, as one source.
        _replicaSource = _ownedSource is NpgsqlMultiHostDataSource hosts ? hosts.WithTargetSession(target) : _ownedSource;
        _replica = new MartenDatabase(((DocumentStore)store).Options, _replicaSource, "read-replica");
    }

    /// <summary>The read string's Target Session Attributes (prefer-standby when it names none); refused on one host, as Npgsql refuses it.</summary>
    private static TargetSessionAttributes TargetOf(string read)
    {
        var builder = new NpgsqlConnectionStringBuilder(read);
        var named = builder.TargetSessionAttributes;
        if (named is null) return TargetSessionAttributes.PreferStandby;
        if (!Enum.TryParse<TargetSessionAttributes>(named.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var target))
            throw new ArgumentException($"CASELEDGER_DB_READ: Target Session Attributes '{named}' is not one Npgsql knows.");
        if (target != TargetSessionAttributes.Any && builder.Host?.Contains(',', StringComparison.Ordinal) != true)
            throw new ArgumentException("CASELEDGER_DB_READ: Target Session Attributes other than any needs several hosts (Host=replica1,replica2,primary).");
        return target;
    }

    /// <summary>Whether a replica serves the read side (else every read is the primary's).</summary>
    public bool HasReplica => _replica is not null;

    /// <summary>A session for reads that may lag by the replication lag: board, queues, figures, feed.</summary>
    public IQuerySession Lagging() =>
        _replica is null ? _store.QuerySession() : _store.QuerySession(SessionOptions.ForDatabase(_replica));

    /// <summary>
    /// Sessions for a list over many proceedings (board, queues) that may lag: with regions, one per database that may hold
    /// <paramref name="agency"/>'s (every region and the deployment's own when it names none), for the query to fan out over and
    /// merge; without, the one of <see cref="Lagging"/>.
    /// </summary>
    public ReadSessions LaggingEverywhere(string? agency = null)
    {
        if (_regions.Count == 0) return new ReadSessions([Lagging()]);
        if (agency is not null) return new ReadSessions([_regions.Of(agency) is { } region ? _store.QuerySession(region.Id) : Lagging()]);
        return new ReadSessions([Lagging(), .. _regions.Select(r => _store.QuerySession(r.Id))]);
    }

    /// <summary>
    /// A session for reading one stream as the primary has it now: the replica's when it holds the stream's last version (or the
    /// stream is on neither), else the primary's. With regions, the session of the region's database that holds the stream.
    /// </summary>
    public async Task<IQuerySession> CurrentAsync(string streamId, CancellationToken ct)
    {
        if (_regions.Count > 0 && await RegionHoldingAsync(streamId, ct) is { } region) return _store.QuerySession(region.Id);
        if (_replica is null || _replicaSource is null) return _store.QuerySession();
        var onPrimary = await VersionAsync(_primary, streamId, ct);
        long? onReplica;
        try
        {
            onReplica = await VersionAsync(_replicaSource, streamId, ct);
        }
        catch (NpgsqlException)
        {
            // The replica is away: the primary answers the reads that must be current.
            return _store.QuerySession();
        }
        return onReplica == onPrimary ? Lagging() : _store.QuerySession();
    }

    /// <summary>How far the replica is behind the primary; null without a replica or while it cannot be read.</summary>
    public async Task<ReplicationLag?> LagAsync(CancellationToken ct)
    {
        if (_replicaSource is null) return null;
        try
        {
            await using var head = _primary.CreateCommand("select pg_current_wal_lsn()::text");
            var primaryLsn = (string)(await head.ExecuteScalarAsync(ct))!;
            // Bytes of the primary's log not yet replayed, and the age of the last transaction replayed while any are missing
            // (an idle primary sends nothing new, so the age alone would grow without any lag).
            await using var replay = _replicaSource.CreateCommand(
                "select coalesce(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::bigint, "
                + "coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)::float8, pg_is_in_recovery()");
            replay.Parameters.Add(new NpgsqlParameter { Value = primaryLsn });
            await using var reader = await replay.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var bytes = Math.Max(0, reader.GetInt64(0));
            var inRecovery = reader.GetBoolean(2);
            return new ReplicationLag(bytes, bytes == 0 || !inRecovery ? 0 : reader.GetDouble(1), inRecovery);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The region whose database holds <paramref name="streamId"/>; null when none does (the deployment's own may).</summary>
    public async Task<Region?> RegionHoldingAsync(string streamId, CancellationToken ct)
    {
        foreach (var region in _regions)
        {
            await using var session = _store.QuerySession(region.Id);
            if (await session.Events.FetchStreamStateAsync(streamId, ct) is not null) return region;
        }
        return null;
    }

    private async Task<long?> VersionAsync(NpgsqlDataSource source, string streamId, CancellationToken ct)
    {
        await using var command = source.CreateCommand($"select version from {_streams} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        return await command.ExecuteScalarAsync(ct) is long version ? version : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null) await _replica.DisposeAsync();
        if (_ownedSource is not null) await _ownedSource.DisposeAsync();
    }
}

/// <summary>The sessions a list reads and merges (<see cref="ReadSide.LaggingEverywhere"/>), disposed together.</summary>
public sealed class ReadSessions(IReadOnlyList<IQuerySession> sessions) : IAsyncDisposable
{
    public IReadOnlyList<IQuerySession> All { get; } = sessions;

    public async ValueTask DisposeAsync()
    {
        foreach (var session in All) await session.DisposeAsync();
    }
}

/// <summary>The replica's distance behind the primary: log bytes not yet replayed, and seconds since its last replayed commit while any are.</summary>
/// <param name="IsStandby">False when the read connection reached a primary (no standby answered a prefer-standby string).</param>
public sealed record ReplicationLag(long Bytes, double Seconds, bool IsStandby);
