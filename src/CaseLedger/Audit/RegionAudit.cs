using CaseLedger.Hosting;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// The audit and the signed checkpoints of one region (<see cref="Region"/>): its database's log has its own sequence, chain and
/// checkpoints, verified and signed as the deployment's own are (<see cref="AuditService"/>, <see cref="CheckpointService"/>) over
/// that database, with the register (officers, the calendar) read from the deployment's database for the procedure's checks.
/// The checkpoints are signed with the deployment's one key; each region's name the region's log only.
/// </summary>
public sealed class RegionAudit(IDocumentStore documents, StoredLog register, CaseLedgerSettings settings, IClock clock, ILoggerFactory loggers)
    : IDisposable
{
    private readonly DocumentStore _store = (DocumentStore)documents;

    // One checkpoint service per region for the process, as for the deployment's own log: its gate and its tree are kept.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<(StoredLog, CheckpointService, NpgsqlDataSource)>>> _parts = new();

    /// <summary>The region named <paramref name="regionId"/>, or null when the deployment has none of that id.</summary>
    public Region? Find(string regionId) => settings.Regions.FirstOrDefault(r => r.Id == regionId);

    /// <summary>The auditor of <paramref name="region"/>'s database.</summary>
    public async Task<AuditService> AuditorAsync(Region region, CancellationToken ct = default)
    {
        var (log, checkpoints, source) = await PartsAsync(region);
        return new AuditService(log, _store, checkpoints, new ReadModelCheck(source, _store) { Region = region.Id }, clock) { Register = register };
    }

    /// <summary>The exports of <paramref name="region"/>'s log (<c>caseledger export</c>): its events, proved against its checkpoints.</summary>
    public async Task<ExportBuilder> ExportsAsync(Region region)
    {
        var (log, checkpoints, _) = await PartsAsync(region);
        return new ExportBuilder(log, checkpoints);
    }

    /// <summary>The checkpoints of <paramref name="region"/>'s log: listed, signed, checked.</summary>
    public async Task<CheckpointService> CheckpointsAsync(Region region) => (await PartsAsync(region)).Checkpoints;

    /// <summary>
    /// Signs a checkpoint of each region whose log has events no checkpoint covers, once the oldest of them waited
    /// <see cref="CaseLedgerSettings.CheckpointInterval"/> (or at once without an interval): run by the node that signs
    /// (<see cref="Checkpointer"/>).
    /// </summary>
    public async Task SignDueAsync(CancellationToken ct)
    {
        foreach (var region in settings.Regions)
        {
            var (log, checkpoints, source) = await PartsAsync(region);
            var covered = (await checkpoints.LatestAsync(ct))?.HighWaterSequence ?? 0;
            await using var command = source.CreateCommand(
                $"select extract(epoch from timestamp)::float8 from {log.Table("mt_events")} where seq_id > $1 and {Tombstones.NotTombstoneSql} "
                + $"and stream_id <> '{Commands.StreamKeys.Checkpoints}' order by seq_id limit 1");
            command.Parameters.Add(new NpgsqlParameter { Value = covered });
            if (await command.ExecuteScalarAsync(ct) is not double recorded) continue;
            var waited = (clock.GetCurrentInstant() - Instant.FromUnixTimeSeconds(0)).TotalSeconds - recorded;
            if (settings.CheckpointInterval is { } interval && waited < interval.TotalSeconds) continue;
            await checkpoints.CreateAsync(ct);
        }
    }

    private async Task<(StoredLog Log, CheckpointService Checkpoints, NpgsqlDataSource Source)> PartsAsync(Region region) =>
        await _parts.GetOrAdd(region.Id, _ => new Lazy<Task<(StoredLog, CheckpointService, NpgsqlDataSource)>>(async () =>
        {
            var source = await _store.DataSourceOfAsync(region.Id);
            var log = new StoredLog(source, _store);
            return (log, new CheckpointService(log, _store, settings, clock, loggers.CreateLogger<CheckpointService>()) { Region = region.Id }, source);
        })).Value;

    public void Dispose()
    {
        foreach (var parts in _parts.Values.Where(p => p.IsValueCreated && p.Value.IsCompletedSuccessfully)) parts.Value.Result.Item2.Dispose();
    }
}
