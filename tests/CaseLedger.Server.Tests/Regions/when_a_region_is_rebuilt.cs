using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// <c>caseledger rebuild</c> rebuilds every region's database (its read models from its own events, its figures' counters
/// recounted, the rebuild recorded in its own log), or only the region named by <c>--region</c>; and a server's start upgrades
/// each region's read models of an earlier shape from that region's own events.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_a_region_is_rebuilt(RegionsFixture server)
{
    [Fact]
    public async Task a_region_s_documents_and_counters_deleted_behind_the_engine_are_written_again_by_its_rebuild_and_only_its()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);
        var (eastBoard, westBoard) = (await RowAsync(server.EastDatabase, eastCase), await RowAsync(server.WestDatabase, westCase));
        var eastCounters = await CountersAsync(server.EastDatabase, east.AgencyId);
        Assert.True(eastCounters > 0);

        // Behind the engine's back: what supervisors see of a case deleted in each region, an agency's counters in the east.
        await ExecuteAsync(server.EastDatabase, $"delete from caseledger.mt_doc_casesupervision where id = '{eastCase}'");
        await ExecuteAsync(server.WestDatabase, $"delete from caseledger.mt_doc_casesupervision where id = '{westCase}'");
        await ExecuteAsync(server.EastDatabase, $"delete from caseledger.agency_figure_counts where agency_id = '{east.AgencyId}'");
        var rebuildsBefore = await RegionsFixture.EventsInAsync(server.EastDatabase, Commands.StreamKeys.ReadModelRebuilds);

        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null, Regions = server.Regions };
        await using (var store = await CaseLedgerStore.OpenAsync(settings))
            await store.RebuildAsync(null, null, region: "east");
        Assert.Equal(eastBoard, await RowAsync(server.EastDatabase, eastCase));
        Assert.Equal(eastCounters, await CountersAsync(server.EastDatabase, east.AgencyId));
        Assert.Equal(rebuildsBefore + 1, await RegionsFixture.EventsInAsync(server.EastDatabase, Commands.StreamKeys.ReadModelRebuilds));
        // West was not named: its deleted document is still missing.
        Assert.Null(await RowAsync(server.WestDatabase, westCase));

        await using (var store = await CaseLedgerStore.OpenAsync(settings))
            await store.RebuildAsync(null, null);
        Assert.Equal(westBoard, await RowAsync(server.WestDatabase, westCase));
        Assert.True((long)(await server.GetOkAsync($"/api/agencies/{west.AgencyId}/figures"))["cases"]! >= 1);
        Assert.True(await RegionsFixture.EventsInAsync(server.WestDatabase, Commands.StreamKeys.ReadModelRebuilds) >= 1);
    }

    [Fact]
    public async Task a_region_s_read_models_of_an_earlier_shape_are_rebuilt_from_its_own_events_at_start_and_no_other_region_s()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);
        var eastBoard = await RowAsync(server.EastDatabase, eastCase);
        var westBoard = await RowAsync(server.WestDatabase, westCase);

        // East's read models as an earlier version left them (each region's database records its own shape); and a document
        // missing in each region, which only a rebuild writes again.
        await ExecuteAsync(server.EastDatabase, "update caseledger.mt_doc_readmodelshape set data = jsonb_set(data, '{shape}', '7')");
        await ExecuteAsync(server.EastDatabase, $"delete from caseledger.mt_doc_casesupervision where id = '{eastCase}'");
        await ExecuteAsync(server.WestDatabase, $"delete from caseledger.mt_doc_casesupervision where id = '{westCase}'");

        // What a starting server does first.
        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null, Regions = server.Regions };
        await using (var store = await CaseLedgerStore.OpenAsync(settings))
        {
            Assert.Equal(eastBoard, await RowAsync(server.EastDatabase, eastCase));
            Assert.Equal(ReadModelUpgrade.CurrentShape, await ShapeAsync(server.EastDatabase));
            // West's shape is current: nothing of it was rebuilt.
            Assert.Null(await RowAsync(server.WestDatabase, westCase));
            await store.RebuildAsync(null, null, region: "west");
        }
        Assert.Equal(westBoard, await RowAsync(server.WestDatabase, westCase));
    }

    private static async Task<int?> ShapeAsync(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select (data->>'shape')::int from caseledger.mt_doc_readmodelshape");
        return await command.ExecuteScalarAsync() as int?;
    }

    private static async Task<string?> RowAsync(string connection, string caseId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select data::text from caseledger.mt_doc_casesupervision where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<long> CountersAsync(string connection, string agencyId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select coalesce(sum(count), 0)::bigint from caseledger.agency_figure_counts where agency_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = agencyId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(sql);
        Assert.True(await command.ExecuteNonQueryAsync() >= 1);
    }
}
