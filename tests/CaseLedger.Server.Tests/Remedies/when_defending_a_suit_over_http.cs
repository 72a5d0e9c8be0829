using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Remedies;

/// <summary>
/// A direct suit against the decision served 2025-01-29 (6 months, 行政诉讼法 Art. 46): filed 2025-07-01, complaint
/// received 07-08, defence 07-15, hearing 09-01, lost on 2026-02-10 (received 02-12); the fake clock stands at 2026-03-02.
/// </summary>
public class when_defending_a_suit_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    private static JsonNode Deadline(JsonNode summary, string key) => summary["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == key)!;

    [Fact]
    public async Task a_lost_judgment_requires_the_loss_report_before_closing_outline_item_36()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        string[] officers = [staff.Investigator1];
        var filed = await (await server.Client().PostJsonAsync("/api/litigations", new
        {
            caseId,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = officers,
        })).AssertOkAsync(201);
        var id = (string)filed["litigationId"]!;
        var summary = await server.GetAsync($"/api/litigations/{id}");
        Assert.Equal(staff.AgencyId, (string?)summary["defendants"]![0]);
        Assert.Equal("2025-07-23", (string?)Deadline(summary, "defence")["end"]);

        await server.RemedyOkAsync("litigations", id, "submit-defence", new { submittedOn = "2025-07-15", defenceSha256 = CaseScenarios.Hash, staff = officers });
        var version = await VersionOf(id);
        await (await server.RemedyCommandAsync("litigations", id, "record-hearing", new { heldOn = "2025-09-01", appearedBy = Array.Empty<string>(), lawyers = new[] { "孙律师" } }))
            .AssertProblemAsync(422, "appearance-required");
        Assert.Equal(version, await VersionOf(id));
        await server.RemedyOkAsync("litigations", id, "record-hearing", new { heldOn = "2025-09-01", appearedBy = new[] { staff.Head }, lawyers = new[] { "孙律师" } });

        await server.RemedyOkAsync("litigations", id, "record-judgment", new
        {
            outcome = "lost",
            judgedOn = "2026-02-10",
            receivedOn = "2026-02-12",
            judgmentSha256 = CaseScenarios.Hash,
            effect = "revoke",
            staff = officers,
        });
        summary = await server.GetAsync($"/api/litigations/{id}");
        Assert.True((bool)summary["lossReportRequired"]!);
        Assert.Equal("2026-03-14", (string?)Deadline(summary, "loss-report")["end"]);
        Assert.Equal("open", (string?)Deadline(summary, "loss-report")["status"]);

        version = await VersionOf(id);
        await (await server.RemedyCommandAsync("litigations", id, "close", new { closedOn = "2026-03-02", staff = officers }))
            .AssertProblemAsync(422, "loss-report-required");
        Assert.Equal(version, await VersionOf(id));

        await server.RemedyOkAsync("litigations", id, "file-loss-report", new { filedOn = "2026-02-20", submittedTo = "济南市人民政府", reportSha256 = CaseScenarios.Hash, staff = officers });
        await server.RemedyOkAsync("litigations", id, "record-performance", new { performedOn = "2026-02-25", description = "撤销处罚决定，退还罚款", staff = officers });
        await server.RemedyOkAsync("litigations", id, "close", new { closedOn = "2026-03-02", staff = officers });
        Assert.Equal("closed", (string?)(await server.GetAsync($"/api/litigations/{id}"))["stage"]);

        // The judgment revoked the decision on the case; the suit froze the late fee while it ran.
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["revocation"]!["remedyId"]);
        Assert.Equal("litigation", (string?)penalty["remedies"]![0]!["kind"]);
        Assert.Equal("2026-02-10", (string?)penalty["remedies"]![0]!["to"]);
    }

    [Fact]
    public async Task a_suit_after_six_months_is_refused_art_46()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var version = await VersionOf(caseId);
        await (await server.Client().PostJsonAsync("/api/litigations", new
        {
            caseId,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-30",
            complaintReceivedOn = "2025-08-04",
            staff = new[] { staff.Investigator1 },
        })).AssertProblemAsync(422, "application-late");
        Assert.Equal(version, await VersionOf(caseId));
    }
}
