using System.Diagnostics;
using CaseLedger.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseLedger.Subscriptions;

/// <summary>
/// The safe high-water mark of the global event sequence: the highest sequence number below which no
/// event can appear any more. The feed serves only events at or below it, so a reader that pages by
/// sequence never skips an event that commits late.
/// </summary>
/// <remarks>
/// <para>Why: Marten numbers events from a PostgreSQL sequence when they are inserted, not when they
/// commit. A transaction holding sequence 10 can commit after one holding 11, and a rolled-back one
/// leaves 10 unused for ever. A reader that saw 11 and moved its cursor past it would lose 10.</para>
/// <para>How, from PostgreSQL's own view of open transactions rather than a settle time:</para>
/// <list type="number">
/// <item>Read the sequence's last issued value <c>M</c> (the sequence has CACHE 1, so every number
/// handed out so far is at most <c>M</c>).</item>
/// <item>Then list the transactions open in this database (<c>pg_stat_activity</c>: backend and
/// transaction start). Any transaction that drew a number ≤ <c>M</c> and has not finished is among
/// them, whether or not it has a transaction id yet (Marten's append function draws the number before
/// its first write, so a transaction id alone would miss it).</item>
/// <item>Wait until each of them has ended. A backend reports its transaction over only after it left
/// the running set of snapshots, so from then on every event ≤ <c>M</c> is visible to new statements
/// or will never exist: <c>M</c> is safe.</item>
/// </list>
/// <para>PostgreSQL's snapshot functions were tried first and are not enough: <c>pg_snapshot_xip</c> omits
/// running transactions at or above the snapshot's <c>xmax</c>, and a transaction has no id before it
/// writes.</para>
/// <para>The wait is usually nothing or a few milliseconds; past <see cref="IntegrationSettings.SettleTimeout"/>
/// (a long unrelated transaction) the last mark known to be safe is used, which only delays events.</para>
/// </remarks>
public sealed class FeedHighWater(NpgsqlDataSource dataSource, CaseLedgerSettings settings)
{
    private readonly string _sequence = $"{settings.Schema}.mt_events_sequence";
    private long _safe;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private const string OpenTransactions = """
        select a.pid::text || '@' || a.xact_start::text from pg_stat_activity a
        where a.datname = current_database() and a.backend_type = 'client backend'
          and a.xact_start is not null and a.pid <> pg_backend_pid()
        """;

    /// <summary>The last mark known to be safe, without asking the database.</summary>
    public long Known => Interlocked.Read(ref _safe);

    /// <summary>Asks the database for the current safe mark (and remembers it).</summary>
    public async Task<long> RefreshAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        long candidate;
        await using (var issued = new NpgsqlCommand(
            $"select case when is_called then last_value else 0 end, current_setting('track_activities') = 'on' from {_sequence}", connection))
        await using (var reader = await issued.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            candidate = reader.GetInt64(0);
            if (!reader.GetBoolean(1))
                throw new InvalidOperationException("PostgreSQL's track_activities is off: the feed cannot tell which transactions are still open. Turn it on.");
        }
        if (candidate <= Known) return Known;

        // The transactions open now in this database, named by backend and start time.
        string[] open;
        await using (var look = new NpgsqlCommand(OpenTransactions, connection))
        await using (var reader = await look.ExecuteReaderAsync(ct))
        {
            var names = new List<string>();
            while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
            open = [.. names];
        }

        var waited = Stopwatch.StartNew();
        while (open.Length > 0)
        {
            if (waited.Elapsed > settings.Integrations.SettleTimeout) return Known;
            await Task.Delay(TimeSpan.FromMilliseconds(3), ct);
            await using var check = new NpgsqlCommand($"{OpenTransactions} and a.pid::text || '@' || a.xact_start::text = any(@open)", connection);
            check.Parameters.AddWithValue("open", open);
            await using var reader = await check.ExecuteReaderAsync(ct);
            var still = new List<string>();
            while (await reader.ReadAsync(ct)) still.Add(reader.GetString(0));
            open = [.. still];
        }
        Advance(candidate);
        return Known;
    }

    /// <summary>Completes when the known mark passes <paramref name="after"/> or the timeout ends; true if it passed.</summary>
    public async Task<bool> WaitBeyondAsync(long after, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (Known <= after)
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero) return false;
            var advanced = Volatile.Read(ref _advanced).Task;
            if (Known > after) break;
            try
            {
                await advanced.WaitAsync(left, ct);
            }
            catch (TimeoutException)
            {
                return Known > after;
            }
        }
        return true;
    }

    private void Advance(long candidate)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _safe);
            if (candidate <= current) return;
        }
        while (Interlocked.CompareExchange(ref _safe, candidate, current) != current);
        Interlocked.Exchange(ref _advanced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>Keeps <see cref="FeedHighWater"/> current, so that live streams and webhooks follow new events promptly.</summary>
public sealed class FeedWatcher(FeedHighWater highWater, CaseLedgerSettings settings, ILogger<FeedWatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await highWater.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                log.LogWarning(e, "Could not read the event store's high-water mark; trying again.");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(settings.Integrations.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
