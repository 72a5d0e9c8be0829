using System.Diagnostics.Metrics;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Subscriptions;
using CaseLedger.Supervision;
using CaseLedger.Domain;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace CaseLedger.Telemetry;

/// <summary>
/// The gauges an operator on call watches: the age of the newest signed checkpoint, per webhook subscription how many
/// events it is behind and how many deliveries are parked, how many proceedings the deadline board holds as open and overdue,
/// and how far the read replica (CASELEDGER_DB_READ) is behind. Read from the store every 15 s by this process (an observable
/// gauge's callback must not query a database), and only where telemetry is exported. With regions, the checkpoint age, the
/// webhook lag and parked deliveries and the board are read from each region's database too, tagged <c>region</c> (its log has
/// its own sequence and checkpoints); the deployment's own database's measurements carry no region tag.
/// </summary>
public sealed class OperationalGauges : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;
    private readonly CaseLedgerSettings _settings;
    private readonly ILogger<OperationalGauges> _log;
    private readonly ReadSide _reads;
    private volatile IReadOnlyList<Reading> _last = [];
    private volatile ReplicationLag? _replica;

    public OperationalGauges(IDocumentStore store, NpgsqlDataSource dataSource, IClock clock, CaseLedgerSettings settings, ILogger<OperationalGauges> log,
        IMeterFactory meters, ReadSide reads)
    {
        (_store, _dataSource, _clock, _settings, _log, _reads) = (store, dataSource, clock, settings, log, reads);
        // The host's own meter (disposed with it), under CaseLedger's meter name: its gauges read this host's store.
        var meter = meters.Create(CommandMetrics.MeterName);
        meter.CreateObservableGauge<double>("caseledger.checkpoint.age",
            () => Each<double>(r => r.CheckpointAge is { } age ? [new Measurement<double>(age, Tags(r.Region))] : []),
            "s", "Seconds since the newest signed checkpoint was signed.");
        meter.CreateObservableGauge<long>("caseledger.webhook.lag",
            () => Each(r => r.Subscriptions.Select(s => new Measurement<long>(s.Behind, Tags(r.Region, ("subscription", s.Id))))),
            "{event}", "Events of the log a webhook subscription has not reached yet.");
        meter.CreateObservableGauge<long>("caseledger.webhook.parked",
            () => Each(r => r.Subscriptions.Select(s => new Measurement<long>(s.Parked, Tags(r.Region, ("subscription", s.Id))))),
            "{delivery}", "Deliveries a webhook subscription gave up retrying (parked), until an integrator retries them.");
        meter.CreateObservableGauge<int>("caseledger.board.proceedings",
            () => Each(r => r.Board.Select(b => new Measurement<int>(b.Value, Tags(r.Region, ("status", b.Key))))),
            "{proceeding}", "Proceedings on the deadline board with an open deadline, and with an overdue one.");
        meter.CreateObservableGauge<double>("caseledger.replication.lag", () => _replica is { } lag ? [new Measurement<double>(lag.Seconds)] : [],
            "s", "Seconds since the read replica's last replayed commit, while it has not replayed all the primary wrote (0 when it has).");
        meter.CreateObservableGauge<long>("caseledger.replication.lag_bytes", () => _replica is { } lag ? [new Measurement<long>(lag.Bytes)] : [],
            "By", "Bytes of the primary's write-ahead log the read replica has not replayed yet.");
    }

    private sealed record SubscriptionReading(string Id, long Behind, long Parked);

    /// <summary>One database's measurements: the deployment's own (<paramref name="Region"/> null) or a region's.</summary>
    private sealed record Reading(string? Region, double? CheckpointAge, IReadOnlyList<SubscriptionReading> Subscriptions,
        IReadOnlyDictionary<string, int> Board);

    private IEnumerable<Measurement<T>> Each<T>(Func<Reading, IEnumerable<Measurement<T>>> measure) where T : struct =>
        _last.SelectMany(measure);

    private static KeyValuePair<string, object?>[] Tags(string? region, params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)),
            .. region is null ? Array.Empty<KeyValuePair<string, object?>>() : [new("region", region)]];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await ReadNowAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is away: the gauges keep their last reading until it answers again.
                _log.LogDebug(e, "The operational gauges could not be read.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads every database's measurements now (the timer does it every 15 s): what the gauges report next.</summary>
    public async Task ReadNowAsync(CancellationToken ct)
    {
        // Subscriptions live in the register (the deployment's database); their cursors and parked deliveries are per log.
        IReadOnlyList<Subscription> subscriptions;
        await using (var register = _store.QuerySession())
            subscriptions = await register.Query<Subscription>().ToListAsync(ct);
        var readings = new List<Reading> { await ReadAsync(null, subscriptions, ct) };
        foreach (var region in _settings.Regions) readings.Add(await ReadAsync(region.Id, subscriptions, ct));
        (_last, _replica) = (readings, await _reads.LagAsync(ct));
    }

    /// <param name="region">The region whose database is read; null, the deployment's own.</param>
    private async Task<Reading> ReadAsync(string? region, IReadOnlyList<Subscription> subscriptions, CancellationToken ct)
    {
        await using var session = _store.QuerySessionOf(region);
        var newest = await session.Query<Checkpoint>().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
        var log = region is null ? _dataSource : await _store.DataSourceOfAsync(region);
        await using var head = log.CreateCommand($"select coalesce(max(seq_id), 0) from {_settings.Schema}.mt_events");
        var highWater = (long)(await head.ExecuteScalarAsync(ct))!;
        var age = newest is null ? (double?)null : (_clock.GetCurrentInstant() - newest.Time).TotalSeconds;
        // The board's size as its readers see it: from the read side (a region's is its own database).
        IReadOnlyDictionary<string, int> board;
        await using (var reads = region is null ? _reads.Lagging() : _store.QuerySession(region))
            board = await DeadlineBoardQuery.SizesAsync(reads, AgencyZone.Today(_clock.GetCurrentInstant()), ct);
        return new Reading(region, age,
            [.. subscriptions.Select(s => new SubscriptionReading(s.Id, Math.Max(0, highWater - s.CursorIn(region)), s.Parked.Count(p => p.Region == region)))],
            board);
    }
}
