using System.Text.Json.Nodes;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Supervision;
using NodaTime;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The operators' gauges (issue #22 item 4) with regions: the deadline board's size, the checkpoint age and the webhook lag are
/// read from each region's database too, tagged with its region; the deployment's own carry no region tag.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_an_operator_watches_every_region(RegionsFixture server)
{
    [Fact]
    public async Task each_region_s_board_is_reported_under_its_region_with_what_its_own_database_holds()
    {
        var east = await server.StaffAsyncIn(server.East);
        await server.FiledCaseAsync(east);

        var metrics = await server.GaugesNowAsync();
        var today = AgencyZone.Today(server.Clock.GetCurrentInstant());
        foreach (var region in server.Regions)
        {
            await using var session = server.Store.QuerySessionOf(region.Id);
            var sizes = await DeadlineBoardQuery.SizesAsync(session, today, CancellationToken.None);
            Assert.Equal(sizes[DeadlineBoardFilter.Open], Gauge(metrics, "caseledger.board.proceedings", ("region", region.Id), ("status", DeadlineBoardFilter.Open)));
        }
        Assert.True(Gauge(metrics, "caseledger.board.proceedings", ("region", "east"), ("status", DeadlineBoardFilter.Open)) >= 1);
        // The deployment's own board: one point per status without a region.
        Assert.Equal(2, Points(metrics, "caseledger.board.proceedings").Count(p => Tag(p, "region") is null));
    }

    [Fact]
    public async Task a_webhook_subscription_s_lag_and_parked_deliveries_are_reported_per_region_against_that_region_s_log()
    {
        var client = server.Client();
        var westMark = (long)(await client.FeedPageAsync(0, 1, "west"))["highWaterMark"]!;
        var body = new JsonObject
        {
            ["url"] = "http://127.0.0.1:9/unused",
            ["secret"] = Receiver.Secret,
            ["agencies"] = new JsonArray(ServerFixture.Unique("nobody")),
            ["regionsAfter"] = new JsonObject { ["east"] = 0, ["west"] = westMark },
        };
        var id = (string)(await (await client.PostJsonAsync("/api/subscriptions", body)).AssertOkAsync(201))["id"]!;

        var metrics = await server.GaugesNowAsync();
        // Each region's lag is counted in that region's own sequence: never more than its log holds.
        foreach (var (region, database) in new[] { ("east", server.EastDatabase), ("west", server.WestDatabase) })
        {
            Assert.InRange(Gauge(metrics, "caseledger.webhook.lag", ("region", region), ("subscription", id)), 0, await RegionsFixture.AllEventsInAsync(database));
            Assert.Equal(0, Gauge(metrics, "caseledger.webhook.parked", ("region", region), ("subscription", id)));
        }
        Assert.InRange(Gauge(metrics, "caseledger.webhook.lag", ("region", null), ("subscription", id)), 0, long.MaxValue);
        await client.DeleteAsync($"/api/subscriptions/{id}");
    }

    [Fact]
    public async Task each_region_s_checkpoint_age_is_reported_under_its_region()
    {
        await (await server.Client().PostAsync("/api/audit/checkpoints?region=west", null)).AssertOkAsync(201);
        var metrics = await server.GaugesNowAsync();
        Assert.Contains(Points(metrics, "caseledger.checkpoint.age"), p => Tag(p, "region") is "west");
    }

    private static IEnumerable<RegionsFixture.GaugeReading> Points(IReadOnlyList<RegionsFixture.GaugeReading> metrics, string name) =>
        metrics.Where(m => m.Name == name);

    private static long Gauge(IReadOnlyList<RegionsFixture.GaugeReading> metrics, string name, params (string Key, string? Value)[] tags) =>
        Points(metrics, name).Where(p => tags.All(t => Tag(p, t.Key) == t.Value)).Select(p => (long)p.Value).DefaultIfEmpty(-1).Single();

    private static string? Tag(RegionsFixture.GaugeReading point, string key) => point.Tags.GetValueOrDefault(key) as string;
}
