using CaseLedger.Domain.Penalty;
using CaseLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Tests.Contracts;

public class when_the_store_writes_an_event(EngineFixture engine) : IClassFixture<EngineFixture>
{
    // The JSON in mt_events is the JSON the snapshots pin: the contract is what is stored, not a look-alike.
    [Fact]
    public async Task the_stored_json_uses_the_pinned_conventions()
    {
        var caseId = Guid.CreateVersion7().ToString();
        var lead = (LeadRegistered)SampleValues.Of(typeof(LeadRegistered)) with
        {
            CaseId = caseId,
            Procedure = Procedure.FastTrack,
            Party = new Party(PartyKind.Organisation, "n", "i"),
        };
        await using (var session = engine.Store.LightweightSession())
        {
            session.Events.StartStream(caseId, lead);
            await session.SaveChangesAsync();
        }
        var dataSource = engine.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("select data::text, type from caseledger.mt_events where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var json = reader.GetString(0);
        Assert.Equal("lead_registered", reader.GetString(1));
        Assert.Contains("\"procedure\": \"fast-track\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"organisation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"discoveredOn\": \"2025-01-24\"", json, StringComparison.Ordinal);
    }
}
