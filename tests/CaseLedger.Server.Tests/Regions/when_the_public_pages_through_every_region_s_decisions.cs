using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The public list (公示; 行政处罚法 Art. 48) read a page at a time reaches every published decision of every region (and of the
/// deployment's own log), each once, in the one order of the list (newest publication first, then case id), each entry's proof
/// leading to the signed checkpoint of the region whose log holds it.
/// </summary>
/// <remarks>Deployments of its own: its cases and checkpoints leave the shared regions' gauges and feeds alone.</remarks>
public class when_the_public_pages_through_every_region_s_decisions(RegionsFixture server) : IClassFixture<RegionsFixture>
{
    [Fact]
    public async Task every_region_s_published_decisions_are_reached_page_by_page_once_each_proved_in_its_region()
    {
        // Cases of the regions only: the deployment's own database holds the register here (the own log's pages are the console's test).
        var ours = new Dictionary<string, string?>
        {
            [await server.PublishedCaseAsync(await server.StaffAsyncIn(server.East))] = "east",
            [await server.PublishedCaseAsync(await server.StaffAsyncIn(server.West))] = "west",
        };
        ours[await server.PublishedCaseAsync(await server.StaffAsyncIn(server.West))] = "west";
        foreach (var log in new[] { "", "?region=east", "?region=west" })
            await (await server.Client().PostAsync($"/api/audit/checkpoints{log}", null)).AssertOkAsync(201);

        var seen = new List<(string PublishedOn, string CaseId, string? Region, bool Verified, string? Root)>();
        var roots = new Dictionary<string, string?>();
        var pages = 0;
        for (var next = "/public/publicity.json?limit=1"; next is not null; pages++)
        {
            var json = await (await server.Client(null).GetAsync(next)).AssertOkAsync();
            var decisions = json["decisions"]!.AsArray();
            Assert.Single(decisions);
            var d = decisions[0]!;
            seen.Add(((string)d["publishedOn"]!, (string)d["caseId"]!, (string?)d["region"], (bool?)d["inclusion"]?["verified"] ?? false,
                (string?)d["inclusion"]?["rootHash"]));
            roots[""] = (string?)json["checkpoint"]?["rootHash"];
            foreach (var r in json["regions"]!.AsArray()) roots[(string)r!["region"]!] = (string?)r["checkpoint"]?["rootHash"];
            next = (string?)json["next"];
            Assert.True(pages < 1000, "the pages never end");
        }

        Assert.Equal(seen.Count, seen.Select(e => e.CaseId).Distinct().Count());
        Assert.Equal(seen, [.. seen.OrderByDescending(e => e.PublishedOn, StringComparer.Ordinal).ThenBy(e => e.CaseId, StringComparer.Ordinal)]);
        foreach (var (caseId, region) in ours)
        {
            var entry = Assert.Single(seen, e => e.CaseId == caseId);
            Assert.Equal(region, entry.Region);
            Assert.True(entry.Verified);
            Assert.Equal(roots[region ?? ""], entry.Root);
        }
    }
}
