using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The feed and webhooks serve every region: each region's log is read with a cursor of its own (<c>?region=R</c>, its own
/// sequence), each CloudEvent carries its region, paging a region's log skips and repeats nothing, and a subscription keeps a
/// cursor per region so that every region's events reach it.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public sealed class when_integrators_follow_every_region(RegionsFixture server) : ReceiverTests(server.Clock)
{
    [Fact]
    public async Task each_region_s_feed_pages_through_its_own_log_with_its_own_cursor_and_names_its_region()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);
        await server.EvidenceAsync(east, eastCase, 1);
        await server.EvidenceAsync(west, westCase, 1);
        var client = server.Client();

        foreach (var (region, database, own, other) in new[] { ("east", server.EastDatabase, eastCase, westCase), ("west", server.WestDatabase, westCase, eastCase) })
        {
            // Pages of two: the cursor moves through the region's own sequence.
            var (events, next) = await client.FeedToEndAsync(0, 2, region);
            Assert.All(events, e => Assert.Equal(region, (string?)e["region"]));
            var sequences = events.Select(e => e.Sequence()).ToList();
            Assert.Equal(sequences.Order().Distinct(), sequences);
            Assert.Equal(await RegionsFixture.EventsInAsync(database, own), events.Count(e => (string?)e["subject"] == own));
            Assert.DoesNotContain(events, e => (string?)e["subject"] == other);
            // Nothing skipped: every case event, proceeding event and checkpoint of the region's log up to the cursor is served, once.
            Assert.Equal(await CaseEventsAsync(database, next), sequences);
        }

        // The deployment's own log holds neither case, and its events name no region.
        var (ownLog, _) = await client.FeedToEndAsync(0, 100);
        Assert.DoesNotContain(ownLog, e => (string?)e["subject"] is { } s && (s == eastCase || s == westCase));
        Assert.All(ownLog, e => Assert.Null(e["region"]));
        await (await client.GetAsync("/api/feed?region=nowhere")).AssertProblemAsync(404, "not-found");
        await (await client.GetAsync("/api/feed/stream?region=nowhere")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task a_webhook_subscription_receives_the_events_of_every_region_each_naming_its_region()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastMark = (long)(await server.Client().FeedPageAsync(0, 1, "east"))["highWaterMark"]!;
        var westMark = (long)(await server.Client().FeedPageAsync(0, 1, "west"))["highWaterMark"]!;
        var id = await server.SubscribeAsync(Receiver, new
        {
            agencies = new[] { east.AgencyId, west.AgencyId },
            regionsAfter = new Dictionary<string, long> { ["east"] = eastMark, ["west"] = westMark },
        });

        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);
        await server.EvidenceAsync(west, westCase, 1);
        var expected = await RegionsFixture.EventsInAsync(server.EastDatabase, eastCase) + await RegionsFixture.EventsInAsync(server.WestDatabase, westCase);
        // Counted by case: other tests of the collection leave cases of the same agencies whose later events are delivered too.
        await Receiver.UntilAsync(r => r.Where(x => x.Subject == eastCase || x.Subject == westCase).Select(x => x.Id).Distinct().Count() == expected,
            "every event of both regions' cases");

        var received = Receiver.Received;
        Assert.All(received.Where(r => r.Subject == eastCase), r => Assert.Equal("east", (string?)r.Event["region"]));
        Assert.All(received.Where(r => r.Subject == westCase), r => Assert.Equal("west", (string?)r.Event["region"]));
        // Nothing from before the marks the subscription named, and each case in its stream's order.
        Assert.All(received, r => Assert.True(r.Sequence > ((string?)r.Event["region"] == "east" ? eastMark : westMark)));
        foreach (var caseId in new[] { eastCase, westCase })
        {
            var versions = received.Where(r => r.Subject == caseId).Select(r => (int)r.Event["streamversion"]!).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        }
        var state = await server.SubscriptionUntilAsync(id, s => (long)s["regionCursors"]!["west"]! > westMark && (long)s["regionCursors"]!["east"]! > eastMark, "its cursors moved in both regions");
        Assert.Empty(state["parked"]!.AsArray());
    }

    [Fact]
    public async Task a_region_s_feed_carries_its_linked_proceedings_to_the_agencies_entitled_and_names_its_region()
    {
        var west = await server.StaffAsyncIn(server.West);
        var east = await server.StaffAsyncIn(server.East);
        var marks = new Dictionary<string, long>();
        foreach (var region in new[] { "east", "west" }) marks[region] = (long)(await server.Client().FeedPageAsync(0, 1, region))["highWaterMark"]!;
        var ownMark = await server.FeedMarkAsync();

        // A petition lodged by the west agency's staff: a stream of the west region's log, seen by the west agency alone.
        var petition = (string)(await (await server.Client(west.TokenOf(west.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题", lodgedOn = "2026-02-02", staff = new[] { west.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;
        Assert.Equal(1, await RegionsFixture.EventsInAsync(server.WestDatabase, petition));

        var ofWest = await server.IntegratorAsync(west.AgencyId, [west.AgencyId], ["*"]);
        var (events, _) = await server.Client(ofWest.Token).FeedToEndAsync(marks["west"], 100, "west");
        var lodged = Assert.Single(events, e => (string?)e["subject"] == petition);
        Assert.Equal(("west", "caseledger.petition.petition_lodged.v1", $"/agencies/{west.AgencyId}/petitions/{petition}"),
            ((string?)lodged["region"], (string?)lodged["type"], (string?)lodged["source"]));

        // Another agency's integrator, every type granted, sees nothing of it; nor does any other log hold it.
        var ofEast = await server.IntegratorAsync(east.AgencyId, [east.AgencyId], ["*"]);
        Assert.DoesNotContain((await server.Client(ofEast.Token).FeedToEndAsync(marks["west"], 100, "west")).Events, e => (string?)e["subject"] == petition);
        Assert.DoesNotContain((await server.Client().FeedToEndAsync(marks["east"], 100, "east")).Events, e => (string?)e["subject"] == petition);
        Assert.DoesNotContain((await server.Client().FeedToEndAsync(ownMark)).Events, e => (string?)e["subject"] == petition);
    }

    /// <summary>The sequences of the case events, linked proceedings' events and checkpoints of a database's log, up to <paramref name="upTo"/>.</summary>
    private static async Task<List<long>> CaseEventsAsync(string connection, long upTo)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("""
            select e.seq_id from caseledger.mt_events e
            where e.seq_id <= $1 and (e.stream_id = $2 or exists (select 1 from caseledger.mt_doc_casesupervision c where c.id = e.stream_id)
              or exists (select 1 from caseledger.mt_doc_proceedingaudience p where p.id = e.stream_id))
            order by e.seq_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        command.Parameters.Add(new NpgsqlParameter { Value = Commands.StreamKeys.Checkpoints });
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }
}
