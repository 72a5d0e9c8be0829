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
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private const string OpenTransactions = """
        select a.pid::text || '@' || a.xact_start::text from pg_stat_activity a
        where a.datname = current_database() and a.backend_type = 'client backend'
          and a.xact_start is not null and a.pid <> pg_backend_pid()
        """;

    /// <summary>
    /// For a region's mark, the deployment's own: every commit, in whichever database, prompts it (<see cref="Committed"/>), and
    /// <see cref="FeedWatcher"/> then reads every mark.
    /// </summary>
    public FeedHighWater? PromptedBy { get; init; }

    /// <summary>The last mark known to be safe, without asking the database.</summary>
    public long Known => Interlocked.Read(ref _safe);

    /// <summary>Completes when the known mark next advances.</summary>
    public Task NextAdvance => Volatile.Read(ref _advanced).Task;

    /// <summary>Completes when this process next commits events (<see cref="Committed"/>).</summary>
    public Task NextCommit => Volatile.Read(ref _committed).Task;

    /// <summary>
    /// Says this process has just committed events, so the mark is worth asking for now rather than at the next poll:
    /// live streams and webhooks then follow a step within milliseconds. Events committed elsewhere (another node)
    /// are seen at the next poll. Only while someone follows the mark (<see cref="Follow"/>): otherwise no read is prompted.
    /// </summary>
    public void Committed()
    {
        if (Volatile.Read(ref _followers) > 0)
            Interlocked.Exchange(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private int _followers;

    /// <summary>
    /// Marks a live stream or the webhook workers as following new events, until disposed. The mark is read again at once,
    /// so that what was committed before anyone followed is not left waiting for the next poll.
    /// </summary>
    public IDisposable Follow()
    {
        // A region's mark is read by the same watcher, which the deployment's own mark prompts (FeedDatabases).
        if (PromptedBy is { } own) return own.Follow();
        Interlocked.Increment(ref _followers);
        Committed();
        return new Following(this);
    }

    private sealed class Following(FeedHighWater highWater) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref highWater._followers);
        }
    }

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
            var advanced = NextAdvance;
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

/// <summary>
/// Keeps <see cref="FeedHighWater"/> current, so that live streams and webhooks follow new events promptly: at once
/// when this process commits events, and every poll interval for what other processes commit; and each region's mark with it.
/// </summary>
public sealed class FeedWatcher(FeedHighWater highWater, FeedDatabases databases, CaseLedgerSettings settings, ILogger<FeedWatcher> log) : BackgroundService
{
    /// <summary>
    /// The least time between two reads of the mark prompted by commits: under a steady stream of commands the watcher
    /// reads it at most this often, instead of once per command.
    /// </summary>
    public static readonly TimeSpan LeastSpacing = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceRead = Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the read: a commit during it prompts another read.
            var committed = highWater.NextCommit;
            sinceRead.Restart();
            try
            {
                await highWater.RefreshAsync(stoppingToken);
                // Each region's log has a mark of its own, read at the same prompts.
                foreach (var region in await databases.RegionsAsync()) await region.Mark.RefreshAsync(stoppingToken);
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
                var polled = Task.Delay(settings.Integrations.PollInterval, stoppingToken);
                if (await Task.WhenAny(committed, polled) == committed && LeastSpacing - sinceRead.Elapsed is { Ticks: > 0 } rest)
                    await Task.Delay(rest, stoppingToken);
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
