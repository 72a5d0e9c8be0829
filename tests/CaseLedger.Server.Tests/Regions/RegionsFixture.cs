using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Telemetry;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// One deployment serving two regions (issue #22 item 3), each a database of its own on the test run's server beside the
/// deployment's own, which keeps the register: region east holds <see cref="East"/>'s cases, region west
/// <see cref="West"/>'s and those of the reconsideration body <see cref="WestBody"/>.
/// </summary>
public sealed class RegionsFixture : ServerFixture
{
    public string East { get; } = Unique("east");
    public string West { get; } = Unique("west");
    public string WestBody { get; } = Unique("westbody");

    public string EastDatabase { get; private set; } = "";
    public string WestDatabase { get; private set; } = "";

    /// <summary>The deployment's regions, as CASELEDGER_REGIONS names them.</summary>
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    protected override async Task<IReadOnlyList<Region>> RegionsAsync()
    {
        EastDatabase = await TestPostgres.NewDatabaseAsync("regioneast");
        WestDatabase = await TestPostgres.NewDatabaseAsync("regionwest");
        return Regions = [new Region("east", EastDatabase, [East]), new Region("west", WestDatabase, [West, WestBody])];
    }

    /// <summary>What the server's metrics exported, in memory (<see cref="FlushMetrics"/>).</summary>
    public List<MetricSnapshot> Metrics { get; } = [];

    /// <summary>Webhooks and the feed's marks at the integration tests' pace; metrics exported in memory.</summary>
    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings with
    {
        Integrations = IntegrationFixture.Fast,
        Telemetry = new TelemetryExport(_ => { }, m => m.AddInMemoryExporter(Metrics)),
    };

    /// <summary>The operators' gauges read from every database now, and exported.</summary>
    public async Task<IReadOnlyList<MetricSnapshot>> GaugesNowAsync()
    {
        await App.Services.GetServices<IHostedService>().OfType<OperationalGauges>().Single().ReadNowAsync(CancellationToken.None);
        lock (Metrics)
        {
            Metrics.Clear();
            App.Services.GetRequiredService<MeterProvider>().ForceFlush();
            return [.. Metrics];
        }
    }

    /// <summary>How many events of <paramref name="streamId"/> the database at <paramref name="connection"/> holds.</summary>
    public static async Task<long> EventsInAsync(string connection, string streamId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select count(*) from caseledger.mt_events where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many events of <paramref name="streamId"/> of the stored type <paramref name="type"/> the database at <paramref name="connection"/> holds.</summary>
    /// <remarks>Every stream's when <paramref name="streamId"/> is null.</remarks>
    public static async Task<long> EventsOfTypeInAsync(string connection, string? streamId, string type)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select count(*) from caseledger.mt_events where ($1::text is null or stream_id = $1) and type = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)streamId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many events the database at <paramref name="connection"/> holds in all.</summary>
    public static async Task<long> AllEventsInAsync(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select count(*) from caseledger.mt_events");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
