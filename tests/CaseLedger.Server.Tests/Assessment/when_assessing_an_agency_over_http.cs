using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Assessment;

/// <summary>
/// An agency's assessment over a period (评议考核, 山东省行政执法监督条例 Art. 16): its figures over whole months are the agency figures'
/// counters summed (the trend's months added up, not computed again), and its case-file review scores are those of its files scored
/// in the period. The fake clock stands at 2026-03-02; the cases are filed in January 2025 and scored in February 2026.
/// </summary>
public class when_assessing_an_agency_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object Score(string caseId, string reviewer, int facts) => new
    {
        caseId, reviewer, scoredOn = "2026-02-10",
        scores = new object[]
        {
            new { item = "body", points = 5, note = "执法主体适格" },
            new { item = "facts-and-evidence", points = facts, note = facts < 10 ? "现场笔录未载明检查时间" : "事实清楚" },
            new { item = "basis", points = 10, note = "适用法律正确" },
            new { item = "discretion", points = 5, note = "裁量适当" },
        },
    };

    [Fact]
    public async Task the_figures_of_the_period_are_the_counters_summed_and_the_review_scores_those_scored_in_it_art_16()
    {
        var staff = await server.NewStaffAsync();
        string[] cases = [await server.PublishedCaseAsync(staff), await server.PublishedCaseAsync(staff)];
        var (organ, crossOrgan) = (await server.SupervisingOrganAsync(), await server.SupervisingOrganAsync());
        var head = server.Client(organ.TokenOf(organ.Head));
        var id = (string)(await (await head.PostJsonAsync("/api/review-campaigns", new
        {
            title = "2025 年度行政处罚案卷评查", agencies = new[] { staff.AgencyId }, periodFrom = "2025-01-01", periodTo = "2025-12-31", sampleSize = 2,
            openedOn = "2026-02-02", supervisors = organ.Supervisors, seed = 7, body = organ.OrganId,
        })).AssertOkAsync(201))["campaignId"]!;
        await (await head.PostJsonAsync($"/api/review-campaigns/{id}/assign-reviewers",
            new { reviewers = new[] { crossOrgan.Supervisor1 }, assignedOn = "2026-02-03", supervisors = organ.Supervisors })).AssertOkAsync();
        var reviewer = server.Client(crossOrgan.TokenOf(crossOrgan.Supervisor1));
        var scores = new List<int>();
        foreach (var (caseId, facts) in cases.Zip([4, 10]))
            scores.Add((int)(await (await reviewer.PostJsonAsync($"/api/review-campaigns/{id}/score-file", Score(caseId, crossOrgan.Supervisor1, facts))).AssertOkAsync())
                ["events"]![0]!["data"]!["score"]!);

        var quarter = await server.GetAsync($"/api/agencies/{staff.AgencyId}/assessment?year=2026&quarter=1");
        Assert.Equal(("2026-01-01", "2026-03-31"), ((string?)quarter["from"], (string?)quarter["to"]));
        Assert.Equal((2, Math.Round(scores.Average(), 2), scores.Min()),
            ((int)quarter["reviews"]!["scored"]!, (double)quarter["reviews"]!["meanScore"]!, (int)quarter["reviews"]!["lowestScore"]!));
        Assert.Contains(quarter["officers"]!.AsArray(), o => (string?)o!["officerId"] == staff.Investigator1 && (int)o["scored"]! == 2);
        Assert.Equal(0, (int)quarter["figures"]!["casesFiled"]!);

        // 2025: the two cases filed; nothing scored then. The same figures as the trend's months of 2025 added up.
        var year = await server.GetAsync($"/api/agencies/{staff.AgencyId}/assessment?from=2025-01&to=2025-12");
        Assert.Equal((2, 0), ((int)year["figures"]!["casesFiled"]!, (int)year["reviews"]!["scored"]!));
        var months = (await server.GetAsync($"/api/agencies/{staff.AgencyId}/figures/trend?months=15"))["months"]!.AsArray()
            .Where(m => ((string)m!["month"]!).StartsWith("2025-", StringComparison.Ordinal)).ToList();
        foreach (var figure in new[] { "casesFiled", "casesWithMissedDeadlines", "deadlinesMissed" })
            Assert.Equal(months.Sum(m => (int)m!["" + figure]!), (int)year["figures"]![figure]!);
        Assert.Equal(months.Sum(m => (int)m!["filingToDecisionDays"]!["decided"]!), (int)year["figures"]!["filingToDecisionDays"]!["decided"]!);
    }

    [Theory]
    [InlineData("year=2026&quarter=5")]
    [InlineData("quarter=1")]
    [InlineData("from=2025-03&to=2025-01")]
    [InlineData("from=2025-03")]
    [InlineData("from=2025-3-1&to=2025-04")]
    [InlineData("year=2025&from=2025-01&to=2025-02")]
    public async Task a_period_that_is_not_whole_months_is_refused(string query)
    {
        var staff = await server.StaffAsync();
        await (await server.Client().GetAsync($"/api/agencies/{staff.AgencyId}/assessment?{query}")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task an_agency_reads_its_own_assessment_and_not_anothers()
    {
        var (staff, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        await (await server.Client(staff.TokenOf(staff.Head)).GetAsync($"/api/agencies/{staff.AgencyId}/assessment?year=2025")).AssertOkAsync();
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/agencies/{staff.AgencyId}/assessment?year=2025"))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client().GetAsync("/api/agencies/nowhere/assessment?year=2025")).AssertProblemAsync(404, "not-found");
    }
}
