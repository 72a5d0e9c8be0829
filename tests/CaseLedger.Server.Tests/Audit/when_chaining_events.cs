using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Server.Tests.Audit;

public class when_chaining_events(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    [Fact]
    public async Task every_event_of_every_stream_carries_the_chain_hash_of_its_stored_fields()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);

        foreach (var stream in new[] { staff.AgencyId, staff.Investigator1, caseId })
        {
            var events = await Log.ReadAsync(stream);
            Assert.NotEmpty(events);
            var previous = EventChain.Genesis;
            foreach (var e in events)
            {
                var expected = EventChain.Next(previous, e.Chained);
                Assert.Equal(EventChain.Hex(expected), e.ChainHash);
                previous = expected;
            }
        }
    }

    [Fact]
    public async Task the_stored_timestamp_is_the_clock_at_microsecond_precision_and_the_header_round_trips_through_marten()
    {
        server.Clock.Advance(Duration.FromTicks(12_345_678));
        var now = server.Clock.GetCurrentInstant();
        var agency = await server.AgencyAsync();

        var stored = Assert.Single(await Log.ReadAsync(agency));
        Assert.Equal(EventChain.ToStorePrecision(now), stored.Timestamp);
        Assert.NotEqual(now, stored.Timestamp);

        await using var session = server.Store.QuerySession();
        var read = Assert.Single(await session.Events.FetchStreamAsync(agency));
        Assert.Equal(stored.ChainHash, EventChain.HeaderOf(read));
        Assert.Equal(stored.Timestamp, Instant.FromDateTimeOffset(read.Timestamp));
    }

    [Fact]
    public async Task the_events_endpoint_shows_each_event_s_chain_hash()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.LeadAsync(staff);
        var stored = Assert.Single(await Log.ReadAsync(caseId));
        var answer = await (await server.Client().GetAsync($"/api/cases/{caseId}/events")).AssertOkAsync();
        Assert.Equal(stored.ChainHash, (string?)answer["events"]![0]!["chainHash"]);
        Assert.Matches("^[0-9a-f]{64}$", stored.ChainHash);
    }
}
