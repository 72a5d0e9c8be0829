using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// The deadline board, the review queues, the audit trail and the agency figures after every kind of
/// step of a general-procedure case with hearing, legal review and collective discussion (Arts. 44–67).
/// </summary>
[Collection(SupervisionCollection.Name)]
public class when_supervising_a_general_case_step_by_step(ServerFixture server)
{
    private const decimal Fine = 150_000m;

    [Fact]
    public async Task every_projection_follows_each_step()
    {
        var staff = await server.NewStaffAsync();
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        var deputyHead = (await server.OfficerAsync(staff.AgencyId, roles: ["agency-head", "enforcement-officer"])).Id;

        var caseId = await server.ConcludedCaseAsync(staff, Fine, on: "2026-03-03", major: true);
        var decision = await server.BoardRowAsync(staff, caseId, "open", "decision");
        Assert.Equal("2026-06-01", (string?)decision!["end"]);
        Assert.Equal("行政处罚法 Art. 60", (string?)decision["rule"]);
        Assert.Equal("natural-days", (string?)decision["counting"]);
        Assert.Equal($"/api/cases/{caseId}", (string?)decision["href"]);
        Assert.Equal(90, (int)decision["daysLeft"]!);

        await server.NoticeAsync(staff, caseId, Fine, on: "2026-03-06");
        var defence = await server.BoardRowAsync(staff, caseId, "open", "defence");
        Assert.Equal("2026-03-13", (string?)defence!["end"]);
        Assert.Equal("working-days", (string?)defence["counting"]);
        Assert.Equal("2026-03-13", (string?)(await server.BoardRowAsync(staff, caseId, "open", "hearing-request"))!["end"]);
        Assert.Null(await server.BoardRowAsync(staff, caseId, "due-soon", "defence"));
        var soon = await server.GetOkAsync($"/api/deadlines?status=due-soon&within=7&agency={staff.AgencyId}");
        Assert.Equal(["defence", "hearing-request"], soon["deadlines"]!.AsArray().Select(r => (string?)r!["key"]).Order());

        await server.StepAsync(caseId, "2026-03-09", "record-statement", new
        {
            submittedOn = "2026-03-09",
            points = new[] { new { point = "初次违法", reexamination = "属实", adopted = true } },
            officers = investigators,
        });
        await server.StepAsync(caseId, "2026-03-09", "request-hearing", new { requestedOn = "2026-03-09" });
        Assert.Null(await server.BoardRowAsync(staff, caseId, "open", "defence"));
        Assert.Equal("2026-03-09", (string?)(await server.BoardRowAsync(staff, caseId, "met", "hearing-request"))!["metOn"]);
        var hearing = await server.QueueRowAsync(staff, "hearings", caseId);
        Assert.Equal("decision", (string?)hearing!["dueFor"]);
        Assert.Equal($"/api/cases/{caseId}", (string?)hearing["href"]);

        await server.StepAsync(caseId, "2026-03-10", "schedule-hearing", new { hearingOn = "2026-03-19", presiderId = staff.Presider, noticeServedOn = "2026-03-10" });
        hearing = await server.QueueRowAsync(staff, "hearings", caseId);
        Assert.Equal(("2026-03-19", "hearing"), ((string?)hearing!["dueOn"], (string?)hearing["dueFor"]));

        await server.StepAsync(caseId, "2026-03-19", "hold-hearing", new { heldOn = "2026-03-19", presiderId = staff.Presider, partyAppeared = true, transcriptSha256 = CaseScenarios.Hash });
        Assert.Null(await server.QueueRowAsync(staff, "hearings", caseId));

        await server.StepAsync(caseId, "2026-03-20", "request-legal-review", new { on = "2026-03-20", officers = investigators });
        Assert.Equal("2026-06-01", (string?)(await server.QueueRowAsync(staff, "legal-review", caseId))!["dueOn"]);
        Assert.Null(await server.QueueRowAsync(staff, "collective-discussion", caseId));

        await server.StepAsync(caseId, "2026-03-23", "complete-legal-review", new { reviewerId = staff.Reviewer, outcome = "passed", opinion = "事实清楚", on = "2026-03-23" });
        Assert.Null(await server.QueueRowAsync(staff, "legal-review", caseId));
        Assert.NotNull(await server.QueueRowAsync(staff, "collective-discussion", caseId));

        await server.StepAsync(caseId, "2026-03-24", "hold-collective-discussion", new { participants = new[] { staff.Head, deputyHead }, resolution = "同意处罚", minutesSha256 = CaseScenarios.Hash, on = "2026-03-24" });
        Assert.Null(await server.QueueRowAsync(staff, "collective-discussion", caseId));

        await server.StepAsync(caseId, "2026-03-25", "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = Fine } },
            discretion = new { benchmarkItem = "b", level = "l", reason = "r" },
            decidedBy = staff.Head,
            decidedOn = "2026-03-25",
        });
        Assert.Equal("2026-03-25", (string?)(await server.BoardRowAsync(staff, caseId, "met", "decision"))!["metOn"]);
        Assert.Equal("2026-04-03", (string?)(await server.BoardRowAsync(staff, caseId, "open", "service"))!["end"]);
        var publicity = await server.QueueRowAsync(staff, "publicity", caseId);
        Assert.Equal(("2026-04-03", "publication"), ((string?)publicity!["dueOn"], (string?)publicity["dueFor"]));

        await server.StepAsync(caseId, "2026-03-26", "serve-decision", new { servedOn = "2026-03-26", method = "direct", electronicConsent = false, officers = investigators });
        Assert.NotNull(await server.BoardRowAsync(staff, caseId, "met", "service"));
        Assert.Equal("2026-04-10", (string?)(await server.BoardRowAsync(staff, caseId, "open", "payment"))!["end"]);

        await server.StepAsync(caseId, "2026-03-27", "publish-decision", new { publishedOn = "2026-03-27", channel = "信用中国（山东）" });
        Assert.Null(await server.QueueRowAsync(staff, "publicity", caseId));

        await server.StepAsync(caseId, "2026-04-01", "record-payment", new { amount = Fine, paidOn = "2026-04-01", receiptNumber = "R-1" });
        Assert.Empty(await server.BoardAsync(staff, caseId, "open"));
        Assert.Empty(await server.BoardAsync(staff, caseId, "missed"));
        Assert.Equal(
            ["decision", "defence", "hearing-notice", "hearing-request", "payment", "publication", "service"],
            (await server.BoardAsync(staff, caseId, "met")).Select(r => (string?)r["key"]).Order());

        await server.StepAsync(caseId, "2026-04-02", "close", new { closedBy = staff.Head, on = "2026-04-02" });
        Assert.Empty(await server.BoardAsync(staff, caseId, "open"));

        var trail = await server.GetOkAsync($"/api/cases/{caseId}/audit-trail");
        var steps = trail["steps"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => (int)s!["version"]!));
        Assert.Equal("case_closed", (string?)steps[^1]!["type"]);

        var figures = await server.GetOkAsync($"/api/agencies/{staff.AgencyId}/figures");
        Assert.Equal(1, (int)figures["cases"]!);
        Assert.Equal(1, (int)figures["byStage"]!["closed"]!);
        Assert.Equal(0, (int)figures["deadlinesMissed"]!);
        Assert.Equal(22.0, (double)figures["filingToDecisionDays"]!["median"]!);
        Assert.Equal(22.0, (double)figures["filingToDecisionDays"]!["p90"]!);
    }

    [Fact]
    public async Task an_unknown_queue_or_status_is_refused()
    {
        var unknown = await (await server.Client().GetAsync("/api/queues/nonsense")).AssertProblemAsync(404, "not-found");
        Assert.Contains("reconsideration", (string?)unknown["detail"]);
        await (await server.Client().GetAsync("/api/deadlines?status=soonish")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task officers_read_their_own_agency_only()
    {
        var staff = await server.NewStaffAsync();
        var other = await server.AgencyAsync();
        var (_, token) = await server.OfficerAsync(staff.AgencyId);
        var (supervisor, supervisorToken) = await server.OfficerAsync(other, roles: ["supervisor"], certified: false);

        await (await server.Client(token).GetAsync($"/api/deadlines?status=open&agency={other}")).AssertProblemAsync(403, "forbidden");
        await (await server.Client(token).GetAsync($"/api/agencies/{other}/figures")).AssertProblemAsync(403, "forbidden");
        var own = await server.GetOkAsync("/api/deadlines?status=open", token);
        Assert.Equal(staff.AgencyId, (string?)own["agency"]);
        // A supervisor reads within the scope an administrator granted (docs/access.md), and nothing before.
        await (await server.Client(supervisorToken).GetAsync($"/api/agencies/{staff.AgencyId}/figures")).AssertProblemAsync(403, "forbidden");
        await (await server.Client().PostJsonAsync($"/api/officers/{supervisor}/scope", new { agencies = new[] { "*" } })).AssertOkAsync();
        await server.GetOkAsync($"/api/agencies/{staff.AgencyId}/figures", supervisorToken);
        await server.GetOkAsync("/api/queues/legal-review", supervisorToken);
        await (await server.Client(null).GetAsync("/api/deadlines")).AssertProblemAsync(401, "unauthenticated");
    }
}
