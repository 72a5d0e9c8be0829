using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Remedies;

/// <summary>A petition against the decision served 2025-01-29, lodged 2026-02-02 and routed to reconsideration on 02-05 (诉访分离).</summary>
public class when_routing_a_petition_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task a_petition_routed_to_reconsideration_opens_the_linked_reconsideration_art_31()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var lodged = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            subject = "对罚款决定不服",
            lodgedOn = "2026-02-02",
            caseId,
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201);
        var petitionId = (string)lodged["petitionId"]!;

        await server.RemedyOkAsync("petitions", petitionId, "route", new
        {
            to = "reconsideration",
            routedOn = "2026-02-05",
            reason = "属于行政复议受理范围",
            knewOn = "2025-03-10",
            remedyNoticeGiven = false,
            body = body.BodyId,
            staff = new[] { staff.Investigator1 },
        });

        var petition = await server.GetAsync($"/api/petitions/{petitionId}");
        Assert.Equal("routed-to-reconsideration", (string?)petition["stage"]);
        var reconsiderationId = (string)petition["reconsiderationId"]!;
        var reconsideration = await server.GetAsync($"/api/reconsiderations/{reconsiderationId}");
        Assert.Equal(caseId, (string?)reconsideration["caseId"]);
        Assert.Equal("2026-02-05", (string?)reconsideration["appliedOn"]);
        Assert.Equal("applied", (string?)reconsideration["stage"]);

        // The routed application runs like any other and froze the late fee on the case.
        await server.RemedyOkAsync("reconsiderations", reconsiderationId, "accept", new { acceptedOn = "2026-02-06", staff = new[] { body.Staff1 } });
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(reconsiderationId, (string?)penalty["remedies"]![0]!["remedyId"]);

        // Routed once: the same routing again appends nothing and opens no second reconsideration.
        await using var session = server.Store.QuerySession();
        var version = (await session.Events.FetchStreamStateAsync(petitionId))!.Version;
        var again = await server.RemedyOkAsync("petitions", petitionId, "route", new
        {
            to = "reconsideration", routedOn = "2026-02-05", reason = "属于行政复议受理范围", knewOn = "2025-03-10", remedyNoticeGiven = false,
            staff = new[] { staff.Investigator1 },
        });
        Assert.Empty(again["events"]!.AsArray());
        Assert.Equal(version, (await session.Events.FetchStreamStateAsync(petitionId))!.Version);
    }

    [Fact]
    public async Task a_routing_whose_application_would_be_late_is_refused_and_appends_nothing()
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var lodged = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            subject = "对罚款决定不服",
            lodgedOn = "2026-02-02",
            caseId,
        })).AssertOkAsync(201);
        var petitionId = (string)lodged["petitionId"]!;
        await using var session = server.Store.QuerySession();
        var version = (await session.Events.FetchStreamStateAsync(petitionId))!.Version;
        await (await server.RemedyCommandAsync("petitions", petitionId, "route", new
        {
            to = "reconsideration", routedOn = "2026-02-05", reason = "复议", knewOn = "2025-01-29", remedyNoticeGiven = true, body = body.BodyId,
        })).AssertProblemAsync(422, "application-late");
        Assert.Equal(version, (await session.Events.FetchStreamStateAsync(petitionId))!.Version);
    }

    /// <summary>Answered 2025-12-01, received by the petitioner on 12-10: the review may be asked until 2026-01-09, not 12-31 (Art. 35).</summary>
    [Fact]
    public async Task the_review_window_runs_from_receipt_of_the_written_answer_art_35()
    {
        var staff = await server.StaffAsync();
        string[] officers = [staff.Investigator1];
        var id = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题", lodgedOn = "2025-11-03", staff = officers,
        })).AssertOkAsync(201))["petitionId"]!;
        await server.RemedyOkAsync("petitions", id, "accept", new { acceptedOn = "2025-11-04", staff = officers });
        await server.RemedyOkAsync("petitions", id, "reply", new { repliedOn = "2025-12-01", outcome = "not-supported", opinionSha256 = CaseScenarios.Hash, staff = officers });
        await server.RemedyOkAsync("petitions", id, "record-receipt", new { receivedOn = "2025-12-10", staff = officers });

        var row = (await server.GetAsync($"/api/petitions/{id}"))["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "review-request")!;
        Assert.Equal(("2025-12-10", "2026-01-09"), ((string?)row["trigger"], (string?)row["end"]));
        await (await server.RemedyCommandAsync("petitions", id, "request-review", new { requestedOn = "2026-01-12", staff = officers }))
            .AssertProblemAsync(422, "review-request-late");
        await server.RemedyOkAsync("petitions", id, "request-review", new { requestedOn = "2026-01-09", staff = officers });
    }

    /// <summary>Transferred by the city's petition bureau, received Mon 2026-02-02: an objection is due by Mon 02-09 (5 working days, Art. 23).</summary>
    [Fact]
    public async Task a_transferred_petition_outside_the_remit_is_objected_to_within_5_working_days_art_23()
    {
        var staff = await server.StaffAsync();
        string[] officers = [staff.Investigator1];
        var id = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映物业收费问题", lodgedOn = "2026-02-02", transferredFrom = "济南市信访局", staff = officers,
        })).AssertOkAsync(201))["petitionId"]!;
        var row = (await server.GetAsync($"/api/petitions/{id}"))["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "transfer-objection")!;
        Assert.Equal(("2026-02-09", "working-days"), ((string?)row["end"], (string?)row["counting"]));

        await server.RemedyOkAsync("petitions", id, "object-to-transfer", new { on = "2026-02-06", reason = "不属于本机关职权范围", staff = officers });
        var petition = await server.GetAsync($"/api/petitions/{id}");
        Assert.Equal("transfer-objected", (string?)petition["stage"]);
        Assert.Equal("met", (string?)petition["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "transfer-objection")!["status"]);
        await (await server.RemedyCommandAsync("petitions", id, "accept", new { acceptedOn = "2026-02-09", staff = officers })).AssertProblemAsync(422, "case-closed");
    }
}
