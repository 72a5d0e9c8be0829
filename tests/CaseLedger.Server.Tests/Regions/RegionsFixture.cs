using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Telemetry;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using System.Diagnostics.Metrics;

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

    /// <summary>Webhooks and the feed's marks at the integration tests' pace; telemetry on, so that the operators' gauges run.</summary>
    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings with
    {
        Integrations = IntegrationFixture.Fast,
        Telemetry = new TelemetryExport(_ => { }, _ => { }),
    };

    /// <summary>One measurement of a gauge: its instrument, value and attributes.</summary>
    public sealed record GaugeReading(string Name, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>
    /// The operators' gauges of this server, read from every database now: through a listener of the instruments its own meter
    /// factory made, since every server of the test run has gauges of the same names in the one process.
    /// </summary>
    public async Task<IReadOnlyList<GaugeReading>> GaugesNowAsync()
    {
        await App.Services.GetServices<IHostedService>().OfType<OperationalGauges>().Single().ReadNowAsync(CancellationToken.None);
        var factory = App.Services.GetRequiredService<IMeterFactory>();
        var readings = new List<GaugeReading>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        void Add(Instrument i, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            readings.Add(new GaugeReading(i.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
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
