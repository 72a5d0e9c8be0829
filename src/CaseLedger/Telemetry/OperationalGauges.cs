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
/// gauge's callback must not query a database), and only where telemetry is exported.
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
    private volatile Reading? _last;

    public OperationalGauges(IDocumentStore store, NpgsqlDataSource dataSource, IClock clock, CaseLedgerSettings settings, ILogger<OperationalGauges> log,
        IMeterFactory meters, ReadSide reads)
    {
        (_store, _dataSource, _clock, _settings, _log, _reads) = (store, dataSource, clock, settings, log, reads);
        // The host's own meter (disposed with it), under CaseLedger's meter name: its gauges read this host's store.
        var meter = meters.Create(CommandMetrics.MeterName);
        meter.CreateObservableGauge<double>("caseledger.checkpoint.age", () => _last?.CheckpointAge is { } age ? [new Measurement<double>(age)] : [],
            "s", "Seconds since the newest signed checkpoint was signed.");
        meter.CreateObservableGauge<long>("caseledger.webhook.lag", () => _last?.Subscriptions.Select(s => new Measurement<long>(s.Behind, new KeyValuePair<string, object?>("subscription", s.Id))) ?? [],
            "{event}", "Events of the log a webhook subscription has not reached yet.");
        meter.CreateObservableGauge<long>("caseledger.webhook.parked", () => _last?.Subscriptions.Select(s => new Measurement<long>(s.Parked, new KeyValuePair<string, object?>("subscription", s.Id))) ?? [],
            "{delivery}", "Deliveries a webhook subscription gave up retrying (parked), until an integrator retries them.");
        meter.CreateObservableGauge<int>("caseledger.board.proceedings", () => _last?.Board.Select(b => new Measurement<int>(b.Value, new KeyValuePair<string, object?>("status", b.Key))) ?? [],
            "{proceeding}", "Proceedings on the deadline board with an open deadline, and with an overdue one.");
        meter.CreateObservableGauge<double>("caseledger.replication.lag", () => _last?.Replica is { } lag ? [new Measurement<double>(lag.Seconds)] : [],
            "s", "Seconds since the read replica's last replayed commit, while it has not replayed all the primary wrote (0 when it has).");
        meter.CreateObservableGauge<long>("caseledger.replication.lag_bytes", () => _last?.Replica is { } lag ? [new Measurement<long>(lag.Bytes)] : [],
            "By", "Bytes of the primary's write-ahead log the read replica has not replayed yet.");
    }

    private sealed record SubscriptionReading(string Id, long Behind, long Parked);

    private sealed record Reading(double? CheckpointAge, IReadOnlyList<SubscriptionReading> Subscriptions, IReadOnlyDictionary<string, int> Board,
        ReplicationLag? Replica);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                _last = await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is away: the gauges keep their last reading until it answers again.
                _log.LogDebug(e, "The operational gauges could not be read.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Reading> ReadAsync(CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        var newest = await session.Query<Checkpoint>().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
        var subscriptions = await session.Query<Subscription>().ToListAsync(ct);
        await using var head = _dataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {_settings.Schema}.mt_events");
        var highWater = (long)(await head.ExecuteScalarAsync(ct))!;
        var age = newest is null ? (double?)null : (_clock.GetCurrentInstant() - newest.Time).TotalSeconds;
        // The board's size as its readers see it: from the read side.
        IReadOnlyDictionary<string, int> board;
        await using (var reads = _reads.Lagging())
            board = await DeadlineBoardQuery.SizesAsync(reads, AgencyZone.Today(_clock.GetCurrentInstant()), ct);
        return new Reading(age, [.. subscriptions.Select(s => new SubscriptionReading(s.Id, Math.Max(0, highWater - s.Cursor), s.Parked.Count))],
            board, await _reads.LagAsync(ct));
    }
}
