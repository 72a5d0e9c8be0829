using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Assessment;

/// <summary>
/// An officer's assessment over a period (评议考核 of officers, 山东省行政执法监督条例 Art. 16): the cases the officer took part in,
/// found through the index of what supervisors see of cases; the decisions of theirs that a reconsideration corrected; read as the
/// register is (an agency its own officers, a supervisor its scope). Two 5,000-yuan fines filed in January 2025 by investigators 1
/// and 2, decided 01-28 by the head; a reconsideration revokes the first on 2026-02-26, served (and so
/// carried onto the case) on 02-27. The fake clock stands at 2026-03-02.
/// </summary>
public class when_assessing_an_officer_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<JsonNode> AssessmentAsync(string officer, string query) => server.GetAsync($"/api/officers/{officer}/assessment?{query}");

    [Fact]
    public async Task the_officers_cases_decisions_and_corrections_of_the_period_are_theirs_alone_art_16()
    {
        var (staff, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        string[] cases = [await server.PublishedCaseAsync(staff), await server.PublishedCaseAsync(staff)];
        await server.PublishedCaseAsync(other);
        var body = await server.ReconsiderationBodyAsync();
        var reconsideration = await server.RepliedReconsiderationAsync(cases[0], body);
        await server.RemedyOkAsync("reconsiderations", reconsideration, "decide", new
        {
            type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清",
            staff = new[] { body.Staff1, body.Staff2 },
        });
        await server.RemedyOkAsync("reconsiderations", reconsideration, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });

        var year = await AssessmentAsync(staff.Investigator1, "year=2025");
        Assert.Equal((staff.AgencyId, "2025-01-01", "2025-12-31"), ((string?)year["agencyId"], (string?)year["from"], (string?)year["to"]));
        Assert.Equal((2, 2, 0), ((int)year["casesHandled"]!, (int)year["decisionsTakenPartIn"]!, (int)year["corrections"]!["corrected"]!));
        // The head signed the decisions: they took part in both, and investigated none.
        var head = await AssessmentAsync(staff.Head, "year=2025");
        Assert.Equal(2, (int)head["decisionsTakenPartIn"]!);

        // The revocation counts in the period it took effect, for every officer who took part in the decision, by the kind that made it.
        var quarter = await Eventually.UntilAsync(() => AssessmentAsync(staff.Investigator1, "year=2026&quarter=1"),
            a => (int)a["corrections"]!["corrected"]! == 1, "the revocation carried onto the case");
        Assert.Equal((0, 0, 1, 0, 0), ((int)quarter["casesHandled"]!, (int)quarter["decisionsTakenPartIn"]!,
            (int)quarter["corrections"]!["reconsideration"]!, (int)quarter["corrections"]!["litigation"]!, (int)quarter["corrections"]!["supervision"]!));
        var corrected = quarter["corrections"]!["cases"]!.AsArray().Single()!;
        Assert.Equal((cases[0], "2026-02-27", true, "reconsideration"),
            ((string?)corrected["caseId"], (string?)corrected["correctedOn"], (bool)corrected["revoked"]!, (string?)corrected["by"]![0]));
        Assert.Equal(1, (int)(await AssessmentAsync(staff.Head, "year=2026&quarter=1"))["corrections"]!["corrected"]!);
        // Another agency's officer: none of these.
        Assert.Equal((0, 0), ((int)(await AssessmentAsync(other.Investigator1, "year=2026&quarter=1"))["corrections"]!["corrected"]!,
            (int)(await AssessmentAsync(other.Investigator1, "year=2025"))["casesHandled"]! - 1));
    }

    [Fact]
    public async Task an_agency_reads_its_own_officers_assessment_and_not_anothers()
    {
        var (staff, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        await (await server.Client(staff.TokenOf(staff.Head)).GetAsync($"/api/officers/{staff.Investigator1}/assessment?year=2025")).AssertOkAsync();
        // Another agency learns nothing, not even that its period is malformed.
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/officers/{staff.Investigator1}/assessment?year=2025"))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/officers/{staff.Investigator1}/assessment?quarter=9"))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client().GetAsync($"/api/officers/{staff.Investigator1}/assessment?quarter=1")).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync("/api/officers/nobody-at-all/assessment?year=2025")).AssertProblemAsync(404, "not-found");
    }
}
