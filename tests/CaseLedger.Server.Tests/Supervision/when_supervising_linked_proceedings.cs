using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// Reconsiderations, suits and petitions on the deadline board and in the reconsideration queue, with the same §8.5
/// fields and filters as penalty cases, and the agency figures they feed (correction rate, litigation loss rate).
/// The contested decision was served on 2025-01-29 (<see cref="RemedyScenarios.PublishedCaseAsync"/>).
/// </summary>
[Collection(SupervisionCollection.Name)]
public class when_supervising_linked_proceedings(ServerFixture server)
{
    private static JsonNode Row(IReadOnlyList<JsonNode> rows, string key) => rows.Single(r => (string?)r["key"] == key);

    private async Task<JsonNode?> QueueRowAsync(string agencyId, string id)
    {
        var queue = await server.GetAsync($"/api/queues/reconsideration?agency={agencyId}&limit=1000");
        return queue["cases"]!.AsArray().SingleOrDefault(r => (string?)r!["id"] == id);
    }

    private async Task<JsonNode> SummaryDeadlineAsync(string id, string key) =>
        (await server.GetAsync($"/api/reconsiderations/{id}"))["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == key)!;

    [Fact]
    public async Task a_reconsiderations_deadlines_move_on_the_board_and_in_the_queue_as_it_advances()
    {
        var staff = await server.NewStaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        server.On("2026-02-03");
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.ApplyForReconsiderationAsync(caseId, body, "2026-02-03");

        // Applied on Tue 02-03: examined within 5 working days (Art. 30), by Tue 02-10.
        var acceptance = Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "open"), "acceptance");
        Assert.Equal(("reconsideration", caseId, $"/api/reconsiderations/{id}"), ((string?)acceptance["kind"], (string?)acceptance["caseId"], (string?)acceptance["href"]));
        Assert.Equal((staff.AgencyId, body.BodyId), ((string?)acceptance["agencyId"], (string?)acceptance["bodyId"]));
        Assert.Equal(("2026-02-10", "行政复议法 Art. 30", "working-days", "agency"),
            ((string?)acceptance["end"], (string?)acceptance["rule"], (string?)acceptance["counting"], (string?)acceptance["owner"]));
        Assert.Equal(7, (int)acceptance["daysLeft"]!);
        // The body finds it under its own agency too; the application itself was in time (a party's right, met).
        Assert.NotEmpty(await server.ProceedingRowsAsync(body.BodyId, id, "open"));
        Assert.Equal("2026-02-03", (string?)Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "met"), "application")["metOn"]);
        var queued = await QueueRowAsync(staff.AgencyId, id);
        Assert.Equal(("acceptance", "2026-02-10", $"/api/reconsiderations/{id}"), ((string?)queued!["dueFor"], (string?)queued["dueOn"], (string?)queued["href"]));
        Assert.Equal(("reconsideration", caseId, "applied"), ((string?)queued["kind"], (string?)queued["caseId"], (string?)queued["stage"]));

        server.On("2026-02-04");
        await server.RemedyOkAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } });
        var open = await server.ProceedingRowsAsync(staff.AgencyId, id, "open");
        Assert.Equal(["copy", "decision"], open.Select(r => (string?)r["key"]).Order());
        Assert.Equal((string?)(await SummaryDeadlineAsync(id, "decision"))["end"], (string?)Row(open, "decision")["end"]);
        Assert.Equal("2026-02-04", (string?)Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "met"), "acceptance")["metOn"]);
        queued = await QueueRowAsync(staff.AgencyId, id);
        Assert.Equal(("copy", (string?)Row(open, "copy")["end"]), ((string?)queued!["dueFor"], (string?)queued["dueOn"]));

        server.On("2026-02-05");
        await server.RemedyOkAsync("reconsiderations", id, "send-copy", new { sentOn = "2026-02-05", staff = new[] { body.Staff1 } });
        var reply = Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "open"), "reply");
        Assert.Equal((string?)(await SummaryDeadlineAsync(id, "reply"))["end"], (string?)reply["end"]);
        Assert.Equal(("reply", (string?)reply["end"]), ((string?)(await QueueRowAsync(staff.AgencyId, id))!["dueFor"], (string?)(await QueueRowAsync(staff.AgencyId, id))!["dueOn"]));

        server.On("2026-02-06");
        await server.RemedyOkAsync("reconsiderations", id, "submit-reply", new { repliedOn = "2026-02-06", replySha256 = CaseScenarios.Hash, staff = new[] { body.Staff1 } });
        Assert.Equal("decision", (string?)(await QueueRowAsync(staff.AgencyId, id))!["dueFor"]);

        // Suspended (Art. 39): the decision period is paused, open with no days left.
        server.On("2026-02-09");
        await server.RemedyOkAsync("reconsiderations", id, "suspend", new { on = "2026-02-09", ground = "双方同意调解", staff = new[] { body.Staff1 } });
        var paused = Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "open"), "decision");
        Assert.True((bool)paused["paused"]!);
        Assert.Null(paused["daysLeft"]);

        // Decided: off the queue and the open board; the decision was met.
        server.On("2026-02-26");
        await server.RemedyOkAsync("reconsiderations", id, "resume", new { on = "2026-02-26", staff = new[] { body.Staff1 } });
        await server.RemedyOkAsync("reconsiderations", id, "decide", new
        {
            type = "uphold",
            grounds = new[] { "lawful" },
            decidedBy = body.Head,
            decidedOn = "2026-02-26",
            staff = new[] { body.Staff1, body.Staff2 },
        });
        Assert.Null(await QueueRowAsync(staff.AgencyId, id));
        Assert.Empty(await server.ProceedingRowsAsync(staff.AgencyId, id, "open"));
        Assert.Equal("2026-02-26", (string?)Row(await server.ProceedingRowsAsync(staff.AgencyId, id, "met"), "decision")["metOn"]);
    }

    [Fact]
    public async Task a_suits_and_a_petitions_deadlines_are_on_the_board()
    {
        var staff = await server.NewStaffAsync();
        server.On("2025-07-08");
        var sued = await server.PublishedCaseAsync(staff);
        string[] officers = [staff.Investigator1];
        var filed = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId = sued,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = officers,
        })).AssertOkAsync(201);
        var suit = (string)filed["litigationId"]!;

        // Defence within 15 days of the complaint (Art. 67): due-soon within a fortnight, not within the default 3 days.
        var defence = Row(await server.ProceedingRowsAsync(staff.AgencyId, suit, "open"), "defence");
        Assert.Equal(("litigation", sued, $"/api/litigations/{suit}"), ((string?)defence["kind"], (string?)defence["caseId"], (string?)defence["href"]));
        Assert.Equal(("2025-07-23", "行政诉讼法 Art. 67", staff.AgencyId), ((string?)defence["end"], (string?)defence["rule"], (string?)defence["agencyId"]));
        var soon = await server.GetAsync($"/api/deadlines?status=due-soon&within=15&kind=litigation&agency={staff.AgencyId}");
        Assert.Equal(suit, (string?)Assert.Single(soon["deadlines"]!.AsArray())!["id"]);
        Assert.Empty((await server.GetAsync($"/api/deadlines?status=due-soon&kind=litigation&agency={staff.AgencyId}"))["deadlines"]!.AsArray());

        server.On("2025-07-15");
        await server.RemedyOkAsync("litigations", suit, "submit-defence", new { submittedOn = "2025-07-15", defenceSha256 = CaseScenarios.Hash, staff = officers });
        server.On("2026-02-12");
        await server.RemedyOkAsync("litigations", suit, "record-judgment", new
        {
            outcome = "lost", judgedOn = "2026-02-10", receivedOn = "2026-02-12", judgmentSha256 = CaseScenarios.Hash, effect = "revoke", staff = officers,
        });
        var open = await server.ProceedingRowsAsync(staff.AgencyId, suit, "open");
        // The first-instance judgment may be appealed for 15 days (行政诉讼法 Art. 85): the appeal period is on the board too.
        Assert.Equal(["appeal", "loss-report", "performance"], open.Select(r => (string?)r["key"]).Order());
        Assert.Equal("2026-02-27", (string?)Row(open, "appeal")["end"]);
        Assert.Equal("2026-03-14", (string?)Row(open, "loss-report")["end"]);

        // Past its end unmet: the lost-case report is the agency's duty, so it is overdue and missed.
        server.On("2026-03-16");
        var overdue = Row(await server.ProceedingRowsAsync(staff.AgencyId, suit, "overdue"), "loss-report");
        Assert.Equal(("missed", -2), ((string?)overdue["status"], (int)overdue["daysLeft"]!));
        Assert.NotEmpty(await server.ProceedingRowsAsync(staff.AgencyId, suit, "missed"));

        // A petition naming the case: registration and written notice in 15 days, then handling in 60 (信访工作条例 Arts. 22–23, 34).
        server.On("2026-03-16");
        var petitioned = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            subject = "对罚款决定不服",
            lodgedOn = "2026-03-16",
            caseId = sued,
            staff = officers,
        })).AssertOkAsync(201);
        var petition = (string)petitioned["petitionId"]!;
        var notice = Row(await server.ProceedingRowsAsync(staff.AgencyId, petition, "open"), "notice");
        Assert.Equal(("petition", sued, $"/api/petitions/{petition}", "2026-03-31"),
            ((string?)notice["kind"], (string?)notice["caseId"], (string?)notice["href"], (string?)notice["end"]));

        server.On("2026-03-17");
        await server.RemedyOkAsync("petitions", petition, "accept", new { acceptedOn = "2026-03-17", staff = officers });
        // 60 days end on Sat 05-16: a petition period ending on a rest day moves to the next working day (民法典 Arts. 203–204).
        var handling = Row(await server.ProceedingRowsAsync(staff.AgencyId, petition, "open"), "handling");
        Assert.Equal(("2026-05-16", "2026-05-18"), ((string?)handling["rawEnd"], (string?)handling["end"]));
        Assert.Equal("2026-03-17", (string?)Row(await server.ProceedingRowsAsync(staff.AgencyId, petition, "met"), "notice")["metOn"]);

        // A petition naming no case belongs to the agency of the staff who registered it.
        var unnamed = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题",
            lodgedOn = "2026-03-17",
            staff = officers,
        })).AssertOkAsync(201);
        var row = Row(await server.ProceedingRowsAsync(staff.AgencyId, (string)unnamed["petitionId"]!, "open"), "notice");
        Assert.Null(row["caseId"]);

        // The kind filter keeps to one kind of proceeding.
        var petitionsOnly = await server.GetAsync($"/api/deadlines?status=open&kind=petition&agency={staff.AgencyId}");
        Assert.All(petitionsOnly["deadlines"]!.AsArray(), r => Assert.Equal("petition", (string?)r!["kind"]));
        await (await server.Client().GetAsync("/api/deadlines?kind=appeal")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task the_figures_count_a_revoking_reconsideration_and_a_lost_suit()
    {
        var staff = await server.NewStaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        server.On("2026-03-02");
        var figures = await server.GetAsync($"/api/agencies/{staff.AgencyId}/figures");
        Assert.Equal((0, 0), ((int)figures["correction"]!["decisions"]!, (int)figures["correction"]!["corrected"]!));
        Assert.Null(figures["correction"]!["rate"]);
        Assert.Null(figures["litigationLoss"]!["rate"]);

        var revoked = await server.RepliedReconsiderationAsync(await server.PublishedCaseAsync(staff), body);
        await server.RemedyOkAsync("reconsiderations", revoked, "decide", new
        {
            type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清",
            staff = new[] { body.Staff1, body.Staff2 },
        });
        // The revocation takes effect on service (行政复议法 Art. 75).
        await server.RemedyOkAsync("reconsiderations", revoked, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });
        var upheld = await server.RepliedReconsiderationAsync(await server.PublishedCaseAsync(staff), body);
        await server.RemedyOkAsync("reconsiderations", upheld, "decide", new
        {
            type = "uphold", grounds = new[] { "lawful" }, decidedBy = body.Head, decidedOn = "2026-02-26", staff = new[] { body.Staff1, body.Staff2 },
        });
        // Still pending: not a decision yet.
        await server.RepliedReconsiderationAsync(await server.PublishedCaseAsync(staff), body);

        var sued = await server.PublishedCaseAsync(staff);
        var filed = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId = sued,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201);
        await server.RemedyOkAsync("litigations", (string)filed["litigationId"]!, "record-judgment", new
        {
            outcome = "partly-lost", judgedOn = "2026-02-10", receivedOn = "2026-02-12", judgmentSha256 = CaseScenarios.Hash, staff = new[] { staff.Investigator1 },
        });

        figures = await server.GetAsync($"/api/agencies/{staff.AgencyId}/figures");
        Assert.Equal((2, 1, 0.5), ((int)figures["correction"]!["decisions"]!, (int)figures["correction"]!["corrected"]!, (double)figures["correction"]!["rate"]!));
        Assert.Equal((1, 1, 1.0), ((int)figures["litigationLoss"]!["judgments"]!, (int)figures["litigationLoss"]!["lost"]!, (double)figures["litigationLoss"]!["rate"]!));
        Assert.Equal(1, (int)figures["decisionsRevoked"]!);

        // The body decided them, but they are not its cases: its own figures count none.
        var bodyFigures = await server.GetAsync($"/api/agencies/{body.BodyId}/figures");
        Assert.Equal(0, (int)bodyFigures["correction"]!["decisions"]!);
    }
}
