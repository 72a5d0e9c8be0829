using CaseLedger.Cases;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using CaseLedger.Testing;
using CaseLedger.Tests.Contracts;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CaseLedger.Tests.Hosting;

public class when_upgrading_a_store_written_by_an_earlier_version
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 2, 1, 30));

    [Fact]
    public async Task the_read_models_are_rebuilt_in_the_current_shape_before_the_engine_serves()
    {
        var (connection, caseId) = await EarlierStoreAsync();

        using (var host = await StartAsync(connection))
        {
            var store = host.Services.GetRequiredService<IDocumentStore>();
            await using var query = store.QuerySession();
            Assert.Equal(2, (await query.LoadAsync<CaseFile>(caseId))!.State!.EvidenceCount);
            Assert.Equal(3, (await query.LoadAsync<CaseSupervision>(caseId))!.Version);
            Assert.Equal(ReadModelUpgrade.CurrentShape, (await query.LoadAsync<ReadModelShape>(ReadModelShape.CurrentId))!.Shape);

            // And the next start finds the current shape: nothing is rebuilt again.
            await host.StopAsync();
        }
        Assert.False(await UpgradeAsync(connection));
    }

    [Fact]
    public async Task servers_starting_together_upgrade_once()
    {
        var (connection, caseId) = await EarlierStoreAsync();
        var upgraded = await Task.WhenAll(UpgradeAsync(connection), UpgradeAsync(connection), UpgradeAsync(connection));
        Assert.Equal(1, upgraded.Count(u => u));
        using var host = await StartAsync(connection);
        await using var query = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(2, (await query.LoadAsync<CaseFile>(caseId))!.State!.EvidenceCount);
        await host.StopAsync();
    }

    [Fact]
    public async Task a_new_store_records_the_current_shape_without_a_rebuild()
    {
        var connection = await TestPostgres.NewDatabaseAsync(nameof(when_upgrading_a_store_written_by_an_earlier_version));
        using var host = await StartAsync(connection);
        await using var query = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(ReadModelUpgrade.CurrentShape, (await query.LoadAsync<ReadModelShape>(ReadModelShape.CurrentId))!.Shape);
        await host.StopAsync();
    }

    /// <summary>A store as the earlier version left it: no recorded shape, a case state that carried its evidence instead of
    /// counting it, and the supervision table with the version column projected documents have.</summary>
    private async Task<(string Connection, string CaseId)> EarlierStoreAsync()
    {
        var connection = await TestPostgres.NewDatabaseAsync(nameof(when_upgrading_a_store_written_by_an_earlier_version));
        var caseId = Guid.CreateVersion7().ToString();
        using (var host = await StartAsync(connection))
        {
            var store = host.Services.GetRequiredService<IDocumentStore>();
            await using var session = store.LightweightSession();
            var evidence = (EvidenceCollected)SampleValues.Of(typeof(EvidenceCollected)) with { CaseId = caseId };
            session.Events.StartStream(caseId,
                (LeadRegistered)SampleValues.Of(typeof(LeadRegistered)) with { CaseId = caseId },
                evidence with { EvidenceId = "E1" }, evidence with { EvidenceId = "E2" });
            await session.SaveChangesAsync();
            await host.StopAsync();
        }
        await ExecuteAsync(connection, """
            drop table caseledger.mt_doc_readmodelshape;
            update caseledger.mt_doc_casefile set data = jsonb_set(data #- '{state,evidenceCount}', '{state,evidence}', '[]'::jsonb);
            alter table caseledger.mt_doc_casesupervision alter column mt_version drop default;
            alter table caseledger.mt_doc_casesupervision alter column mt_version type bigint using 1;
            """);
        return (connection, caseId);
    }

    /// <summary>What a starting server does, with a store of its own.</summary>
    private async Task<bool> UpgradeAsync(string connection)
    {
        await using var dataSource = CaseLedgerServices.DataSource(connection);
        var settings = new CaseLedgerSettings(connection, _clock);
        using var store = new DocumentStore(CaseLedgerServices.StoreOptionsFor(settings, dataSource, new Calendar.CalendarService()));
        return await ReadModelUpgrade.ApplyAsync(store, dataSource, settings.Schema, null);
    }

    private async Task<IHost> StartAsync(string connection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddCaseLedger(new CaseLedgerSettings(connection, _clock) { DeadlineSweepInterval = null });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
