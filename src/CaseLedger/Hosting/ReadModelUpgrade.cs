using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>The shape of the stored read models, kept in the store so that an upgrade knows what it finds.</summary>
public sealed class ReadModelShape
{
    public const string CurrentId = "read-models";

    public string Id { get; set; } = CurrentId;
    public int Shape { get; set; }
}

/// <summary>
/// Brings the stored read models to the shape this version of CaseLedger writes, before anything reads them. Read models
/// are derived data: when the stored shape is older (or unknown, on a store written before shapes were recorded), their
/// tables are dropped, the schema is applied, and every read model is rebuilt from the events in one pass
/// (<see cref="ReadModels"/>). Only then is the new shape recorded, so an upgrade that fails is tried again at the
/// next start. The events themselves are never touched.
/// </summary>
public static class ReadModelUpgrade
{
    /// <summary>
    /// 2: a case's state counts its evidence instead of carrying every item; what supervisors see of a case is written with
    /// its case file (its table's version column changed type); case snapshots every <see cref="Cases.CaseSnapshot.Interval"/> versions.
    /// 3: what supervisors see of a linked proceeding is written with its file and carries no copy of its state (its table's
    /// version column changed type); the file keeps the contested case's number and agency.
    /// 4: a reconsideration's state keeps when and what each investigation was, not the whole event.
    /// 5: a penalty case's state knows whether evidence was collected since its latest notice (Art. 45(2)), so the stored
    /// snapshots are folded again from their events.
    /// 6: the deadline board holds the court-enforcement window of an unpaid fine (行政强制法 Art. 53), the appeal period of a
    /// judgment, and a petition's periods counted from receipt and moved off rest days, so what supervisors see is written again.
    /// 7: what supervisors see of a linked proceeding holds the day of its outcome (the figures' monthly trend), and the agency
    /// figures are counters kept as the documents change (<see cref="Supervision.AgencyFigureCounts"/>).
    /// 8: a case file keeps when its latest event was recorded, so what supervisors see of a case is rebuilt from the file.
    /// 9: each linked proceeding has the audience the feed serves its events to (<see cref="Subscriptions.ProceedingAudience"/>),
    /// and a petition about no case lodged in a region names the agency of its staff (read from the register).
    /// 10: what supervisors see of a case names the officers who took part in it and when its decision was corrected (an
    /// officer's assessment), the officers a text array with an inverted index.
    /// 11: a third party's assessment has its feed audience (the office and the agency assessed), like the linked proceedings.
    /// </summary>
    public const int CurrentShape = 11;

    /// <summary>
    /// Applies the schema (with <see cref="DocumentCompression"/>) to the deployment's own database and then to each region's,
    /// upgrading a database's read models first when their stored shape is not <see cref="CurrentShape"/>. Each database keeps
    /// its own shape: a region's read models are rebuilt from its own events, as <c>caseledger rebuild --region</c> would.
    /// </summary>
    /// <returns>Whether the read models of any database were rebuilt.</returns>
    public static async Task<bool> ApplyAsync(DocumentStore store, NpgsqlDataSource dataSource, string schema, ILogger? logger, CancellationToken ct = default)
    {
        var rebuilt = await ApplyAsync(store, null, dataSource, schema, logger, ct);
        foreach (var region in await RegionDatabasesAsync(store))
            rebuilt |= await ApplyAsync(store, region.Identifier, region.DataSource, schema, logger, ct);
        return rebuilt;
    }

    /// <param name="tenant">The region whose database this is; null, the deployment's own.</param>
    private static async Task<bool> ApplyAsync(DocumentStore store, string? tenant, NpgsqlDataSource dataSource, string schema, ILogger? logger,
        CancellationToken ct)
    {
        var stored = await StoredShapeAsync(dataSource, schema, ct);
        if (stored == CurrentShape)
        {
            await ApplySchemaAsync(store, tenant, dataSource, schema, ct);
            return false;
        }

        // Servers starting together on an upgraded store: one upgrades, the others wait and then find the current shape.
        var lockKey = $"{schema}.read-model-upgrade";
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await AdvisoryAsync(lockConnection, "pg_advisory_lock", lockKey, ct);
        try
        {
            return await UpgradeAsync(store, tenant, dataSource, schema, logger, ct);
        }
        finally
        {
            // Released by hand: a pooled connection is reset only when it is next used.
            await AdvisoryAsync(lockConnection, "pg_advisory_unlock", lockKey, CancellationToken.None);
        }
    }

    private static async Task<bool> UpgradeAsync(DocumentStore store, string? tenant, NpgsqlDataSource dataSource, string schema, ILogger? logger,
        CancellationToken ct)
    {
        var stored = await StoredShapeAsync(dataSource, schema, ct);
        var hasEvents = stored != CurrentShape && await HasEventsAsync(dataSource, schema, ct);
        var where = tenant is null ? "the deployment's database" : $"region {tenant}";
        if (hasEvents)
        {
            logger?.LogWarning("The stored read models of {Where} have shape {Stored}, this version writes shape {Current}: they are rebuilt from its events.",
                where, stored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", CurrentShape);
            var tables = ReadModels.DocumentTypes(store).Select(type => ReadModels.TableOf(store, type));
            await using var drop = dataSource.CreateCommand($"drop table if exists {string.Join(", ", tables)} cascade");
            await drop.ExecuteNonQueryAsync(ct);
        }

        await ApplySchemaAsync(store, tenant, dataSource, schema, ct);
        if (stored == CurrentShape) return false;

        if (hasEvents)
        {
            var events = await ReadModels.RebuildAsync(store, null, null, ct, tenant);
            logger?.LogWarning("Read models of {Where} rebuilt from {Events} events.", where, events);
        }
        await using var session = tenant is null ? store.LightweightSession() : store.LightweightSession(tenant);
        session.Store(new ReadModelShape { Shape = CurrentShape });
        await session.SaveChangesAsync(ct);
        return hasEvents;
    }

    /// <summary>
    /// Marten's tables, functions and indexes as configured, their JSON columns stored with <see cref="DocumentCompression"/>,
    /// the events and checkpoints guarded by <see cref="Audit.AppendOnlyGuard"/>, the agency figures' counters and their triggers
    /// (<see cref="Supervision.AgencyFigureCounts"/>), the publicity list's index (<see cref="Publicity.PublishedDecisions"/>), the stored
    /// interior of the log's tree and of the stream heads' (<see cref="Audit.LogTreeNodes"/>, <see cref="Audit.StreamHeadNodes"/>): in the
    /// one database named.
    /// </summary>
    private static async Task ApplySchemaAsync(DocumentStore store, string? tenant, NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        var database = tenant is null ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(tenant);
        await database.ApplyAllConfiguredChangesToDatabaseAsync();
        await DocumentCompression.ApplyAsync(dataSource, schema, ct);
        await Audit.AppendOnlyGuard.ApplyAsync(dataSource, schema, ct);
        await new Supervision.AgencyFigureCounts(store).ApplyAsync(dataSource, ct);
        await Publicity.PublishedDecisions.ApplyIndexAsync(store, dataSource, ct);
        await Audit.LogTreeNodes.ApplyAsync(dataSource, schema, ct);
        await Audit.StreamHeadNodes.ApplyAsync(dataSource, schema, ct);
    }

    /// <summary>
    /// The databases of the regions (tenants) besides the deployment's own, none without regions; each one's
    /// <see cref="Marten.Storage.MartenDatabase.Identifier"/> is its region's id.
    /// </summary>
    public static async Task<IReadOnlyList<Marten.Storage.MartenDatabase>> RegionDatabasesAsync(DocumentStore store)
    {
        var all = await store.Storage.AllDatabases();
        return [.. all.Where(d => !ReferenceEquals(d, store.Storage.Database)).OfType<Marten.Storage.MartenDatabase>()];
    }

    private static async Task AdvisoryAsync(NpgsqlConnection connection, string function, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select {function}(hashtext($1))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int?> StoredShapeAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        if (!await ExistsAsync(dataSource, $"{schema}.mt_doc_readmodelshape", ct)) return null;
        await using var command = dataSource.CreateCommand($"select (data->>'shape')::int from {schema}.mt_doc_readmodelshape where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ReadModelShape.CurrentId });
        return await command.ExecuteScalarAsync(ct) is int shape ? shape : null;
    }

    private static async Task<bool> HasEventsAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        if (!await ExistsAsync(dataSource, $"{schema}.mt_streams", ct)) return false;
        await using var command = dataSource.CreateCommand($"select exists (select 1 from {schema}.mt_streams)");
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string table, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select to_regclass($1) is not null");
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        return await command.ExecuteScalarAsync(ct) is true;
    }
}

/// <summary>Runs <see cref="ReadModelUpgrade"/> when the host starts, before Marten's and Wolverine's own start-up work.</summary>
public sealed class ReadModelUpgradeOnStart(IDocumentStore store, NpgsqlDataSource dataSource, CaseLedgerSettings settings, ILogger<ReadModelUpgradeOnStart> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        ReadModelUpgrade.ApplyAsync((DocumentStore)store, dataSource, settings.Schema, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
