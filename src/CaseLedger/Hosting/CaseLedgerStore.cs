using CaseLedger.Calendar;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// A bare Marten store with CaseLedger's options (<see cref="CaseLedgerServices.StoreOptionsFor"/>) and its
/// calendar loaded, without the host, Wolverine or any background work: for the CLI's replay and rebuild.
/// </summary>
public sealed class CaseLedgerStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private readonly IClock _clock;
    private readonly CaseLedgerSettings _settings;

    private CaseLedgerStore(NpgsqlDataSource dataSource, StoreOptions options, DocumentStore store, CalendarService calendar, CaseLedgerSettings settings)
    {
        (_clock, _settings) = (settings.Clock, settings);
        _dataSource = dataSource;
        Options = options;
        Store = store;
        Calendar = calendar;
    }

    public StoreOptions Options { get; }
    public DocumentStore Store { get; }
    public CalendarService Calendar { get; }

    /// <summary>An agency's figures, counted on this store.</summary>
    public Supervision.AgencyFiguresQuery Figures => new(_dataSource, Store, _settings);

    /// <summary>The read models a rebuild can name (the per-stream projections), in registration order.</summary>
    public IReadOnlyList<string> ProjectionNames => ReadModels.Names(Store);

    public static async Task<CaseLedgerStore> OpenAsync(CaseLedgerSettings settings, CancellationToken ct = default)
    {
        var dataSource = CaseLedgerServices.DataSource(settings.ConnectionString);
        var calendar = new CalendarService();
        var options = CaseLedgerServices.StoreOptionsFor(settings, dataSource, calendar);
        var store = new DocumentStore(options);
        await ReadModelUpgrade.ApplyAsync(store, dataSource, settings.Schema, null, ct);
        await CalendarLoader.LoadAsync(store, calendar, ct);
        return new CaseLedgerStore(dataSource, options, store, calendar, settings);
    }

    /// <summary>
    /// Projects the read models named in <paramref name="projections"/> (every one when null) again from the events, in one
    /// pass and one transaction (<see cref="ReadModels"/>). <paramref name="progress"/> hears (events read, events in
    /// the store). Returns the number of events read. The rebuild is then recorded (<see cref="Audit.ReadModelsRebuilt"/>) as
    /// <paramref name="by"/> (default: <see cref="Audit.ReadModelRebuilds.Operator"/>), so a repair is visible to auditors.
    /// With regions, every database is rebuilt, the deployment's own first, each recording its rebuild in its own log; or only
    /// the region named by <paramref name="region"/> (<c>caseledger rebuild --region R</c>).
    /// </summary>
    public async Task<long> RebuildAsync(IReadOnlyCollection<string>? projections, IProgress<(long Done, long Total)>? progress, string? by = null,
        CancellationToken ct = default, string? region = null)
    {
        if (region is not null && _settings.Regions.All(r => r.Id != region))
            throw new ArgumentException($"This deployment has no region '{region}' (CASELEDGER_REGIONS).", nameof(region));
        string?[] tenants = region is null ? [.. _settings.Regions.Tenants()] : [region];
        var events = 0L;
        foreach (var tenant in tenants)
        {
            var read = await ReadModels.RebuildAsync(Store, projections, progress, ct, tenant);
            await Audit.ReadModelRebuilds.RecordAsync(Store, projections?.ToList() ?? [.. ProjectionNames], read, by ?? Audit.ReadModelRebuilds.Operator, _clock, ct, tenant);
            events += read;
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
