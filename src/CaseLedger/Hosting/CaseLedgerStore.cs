using CaseLedger.Calendar;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// A bare Marten store with CaseLedger's options (<see cref="CaseLedgerServices.StoreOptionsFor"/>) and its
/// calendar loaded, without the host, Wolverine or any background work: for the CLI's replay and rebuild.
/// </summary>
public sealed class CaseLedgerStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private CaseLedgerStore(NpgsqlDataSource dataSource, StoreOptions options, DocumentStore store, CalendarService calendar)
    {
        _dataSource = dataSource;
        Options = options;
        Store = store;
        Calendar = calendar;
    }

    public StoreOptions Options { get; }
    public DocumentStore Store { get; }
    public CalendarService Calendar { get; }

    /// <summary>The names of the projections a rebuild can name, in registration order.</summary>
    public IReadOnlyList<string> ProjectionNames => [.. Options.Projections.All.Select(p => p.Name)];

    public static async Task<CaseLedgerStore> OpenAsync(CaseLedgerSettings settings, CancellationToken ct = default)
    {
        var dataSource = CaseLedgerServices.DataSource(settings.ConnectionString);
        var calendar = new CalendarService();
        var options = CaseLedgerServices.StoreOptionsFor(settings, dataSource, calendar);
        var store = new DocumentStore(options);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await CalendarLoader.LoadAsync(store, calendar, ct);
        return new CaseLedgerStore(dataSource, options, store, calendar);
    }

    /// <summary>
    /// Rebuilds one projection from the events with Marten's daemon: its documents are removed and
    /// projected again from the first event. <paramref name="progress"/> hears (events done, events in the store).
    /// </summary>
    public async Task RebuildAsync(string projection, IProgress<(long Done, long Total)>? progress, CancellationToken ct = default)
    {
        if (!ProjectionNames.Contains(projection))
            throw new ArgumentException($"No projection '{projection}'. Known: {string.Join(", ", ProjectionNames)}.", nameof(projection));
        var total = (await Store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
        using var daemon = await Store.BuildProjectionDaemonAsync();
        var rebuild = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
        var shard = new ShardName(projection);
        while (!rebuild.IsCompleted)
        {
            await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromMilliseconds(200), ct));
            if (progress is not null && !rebuild.IsCompleted)
                progress.Report((Math.Min(total, await Store.Advanced.ProjectionProgressFor(shard, token: ct)), total));
        }
        await rebuild;
        progress?.Report((total, total));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
