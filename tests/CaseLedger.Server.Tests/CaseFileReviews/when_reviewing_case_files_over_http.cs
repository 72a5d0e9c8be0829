using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.CaseFileReviews;

/// <summary>
/// A case-file review campaign (案卷评查, 山东省行政执法监督条例 Art. 14) over HTTP: a city's legal affairs office samples two of an
/// agency's three files decided in 2025 (each a published 5,000-yuan fine), a supervisor of another organ scores them, the results
/// are read per agency and officer, and a file's defects open a supervision matter. The fake clock stands at 2026-03-02.
/// </summary>
public class when_reviewing_case_files_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object Campaign(SupervisingOrgan organ, string agencyId, long seed = 42) => new
    {
        title = "2025 年度行政处罚案卷评查",
        agencies = new[] { agencyId },
        periodFrom = "2025-01-01",
        periodTo = "2025-12-31",
        sampleSize = 2,
        openedOn = "2026-02-02",
        supervisors = organ.Supervisors,
        seed,
        body = organ.OrganId,
    };

    private static object Score(string caseId, string reviewer, int facts = 10, object? extra = null) => new
    {
        caseId,
        reviewer,
        scoredOn = "2026-02-10",
        scores = new object?[]
        {
            new { item = "body", points = 5, note = "执法主体适格" },
            new { item = "facts-and-evidence", points = facts, note = facts < 10 ? "现场笔录未载明检查时间" : "事实清楚" },
            new { item = "basis", points = 10, note = "适用法律正确" },
            new { item = "discretion", points = 5, note = "裁量适当" },
            extra,
        }.Where(x => x is not null),
    };

    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    [Fact]
    public async Task a_campaign_samples_by_its_seed_scores_with_the_audit_and_reports_per_agency_and_officer_art_14()
    {
        var staff = await server.NewStaffAsync();
        string[] cases = [await server.PublishedCaseAsync(staff), await server.PublishedCaseAsync(staff), await server.PublishedCaseAsync(staff)];
        var organ = await server.SupervisingOrganAsync();
        var crossOrgan = await server.SupervisingOrganAsync();
        var head = server.Client(organ.TokenOf(organ.Head));

        var opened = await (await head.PostJsonAsync("/api/review-campaigns", Campaign(organ, staff.AgencyId))).AssertOkAsync(201);
        var id = (string)opened["campaignId"]!;
        var drawn = opened["events"]![0]!["data"]!;
        Assert.Equal((42L, 3), ((long)drawn["seed"]!, (int)drawn["candidateCount"]!));
        var sample = drawn["files"]!.AsArray().Select(f => (string)f!["caseId"]!).ToList();
        Assert.Equal(2, sample.Count);
        Assert.All(sample, c => Assert.Contains(c, cases));
        // The same seed over the same stored files draws the same sample (Art. 14: a sample that can be checked).
        var again = await (await head.PostJsonAsync("/api/review-campaigns", Campaign(organ, staff.AgencyId))).AssertOkAsync(201);
        Assert.Equal(sample, again["events"]![0]!["data"]!["files"]!.AsArray().Select(f => (string)f!["caseId"]!));

        // No one reviews their own agency's files; a refused command appends nothing.
        var (ownStaff, _) = await server.OfficerAsync(staff.AgencyId, ["supervision-staff"], certified: false);
        await server.SupervisionCertificateAsync(ownStaff);
        var version = await VersionOf(id);
        await (await head.PostJsonAsync($"/api/review-campaigns/{id}/assign-reviewers",
                new { reviewers = new[] { ownStaff }, assignedOn = "2026-02-03", supervisors = organ.Supervisors }))
            .AssertProblemAsync(422, "reviewer-from-reviewed-agency");
        Assert.Equal(version, await VersionOf(id));
        await (await head.PostJsonAsync($"/api/review-campaigns/{id}/assign-reviewers",
            new { reviewers = new[] { crossOrgan.Supervisor1 }, assignedOn = "2026-02-03", supervisors = organ.Supervisors })).AssertOkAsync();

        var reviewer = server.Client(crossOrgan.TokenOf(crossOrgan.Supervisor1));
        var outside = cases.Single(c => !sample.Contains(c));
        await (await reviewer.PostJsonAsync($"/api/review-campaigns/{id}/score-file", Score(outside, crossOrgan.Supervisor1)))
            .AssertProblemAsync(422, "file-not-in-sample");
        await (await reviewer.PostJsonAsync($"/api/review-campaigns/{id}/score-file",
                Score(sample[0], crossOrgan.Supervisor1, extra: new { item = "legal-review", points = 10, note = "已审核" })))
            .AssertProblemAsync(422, "checklist-item-prefilled");

        var scored = await (await reviewer.PostJsonAsync($"/api/review-campaigns/{id}/score-file", Score(sample[0], crossOrgan.Supervisor1, facts: 4))).AssertOkAsync();
        var items = scored["events"]![0]!["data"]!["items"]!.AsArray();
        Assert.Equal(11, items.Count);
        // The engine's items come from the audit of the stored case: this published fine, unpaid, was never taken to court in time
        // (行政处罚法 Art. 72), and its notice, decision and proof of service carry no recorded SHA-256 in these scenarios; the rest pass.
        JsonNode Item(string name) => items.Single(i => (string?)i!["item"] == name)!;
        Assert.Equal(["deadline-missed:court-enforcement"], Item("deadlines")["findings"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(["no-document-hash:penalty-notice", "no-document-hash:decision", "no-document-hash:proof-of-service"], Item("documents")["findings"]!.AsArray().Select(f => (string?)f));
        Assert.All(items.Where(i => (bool)i!["prefilled"]! && (string?)i["item"] is not ("documents" or "deadlines")),
            i => Assert.True((int)i!["maxPoints"]! == (int)i["points"]!, i.ToJsonString()));
        Assert.Equal(74, (int)scored["events"]![0]!["data"]!["score"]!);
        await (await reviewer.PostJsonAsync($"/api/review-campaigns/{id}/score-file", Score(sample[1], crossOrgan.Supervisor1))).AssertOkAsync();

        var results = await server.GetAsync($"/api/review-campaigns/{id}/results");
        var agency = results["agencies"]!.AsArray().Single()!;
        Assert.Equal((staff.AgencyId, 2, 2), ((string?)agency["agencyId"], (int)agency["sampled"]!, (int)agency["scored"]!));
        Assert.Equal(1, (int)agency["defectsByItem"]!["facts-and-evidence"]!);
        Assert.Contains(results["officers"]!.AsArray(), o => (string?)o!["officerId"] == staff.Investigator1 && (int)o["scored"]! == 2);

        // The file's defects open a supervision matter of the organ, naming the campaign.
        var matter = await (await head.PostJsonAsync("/api/supervision-matters", new
        {
            source = "case-file-review", subject = "案卷评查发现现场笔录缺陷", openedOn = "2026-02-11", supervisors = organ.Supervisors,
            caseId = sample[0], body = organ.OrganId, reviewCampaignId = id,
        })).AssertOkAsync(201);
        Assert.Equal(id, (string?)matter["events"]![0]!["data"]!["reviewCampaignId"]);
        await (await head.PostJsonAsync($"/api/review-campaigns/{id}/close",
            new { closedOn = "2026-02-12", conclusion = "评查完毕，平均分见结果", supervisors = organ.Supervisors })).AssertOkAsync();
        Assert.Equal("closed", (string?)(await server.GetAsync($"/api/review-campaigns/{id}"))["stage"]);

        // The audit covers the campaign's stream like the others.
        var audit = await server.AuditAsync(id);
        Assert.Empty(audit.Streams.Where(s => s.Stream == id).SelectMany(s => s.Findings));
    }

    [Fact]
    public async Task a_campaign_is_read_by_the_organ_and_the_reviewed_agencies_only()
    {
        var staff = await server.NewStaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var stranger = await server.NewStaffAsync();
        var opened = await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync("/api/review-campaigns", Campaign(organ, staff.AgencyId))).AssertOkAsync(201);
        var id = (string)opened["campaignId"]!;
        await (await server.Client(staff.TokenOf(staff.Head)).GetAsync($"/api/review-campaigns/{id}/results")).AssertOkAsync();
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/review-campaigns/{id}/results")).AssertProblemAsync(403, "forbidden");
        // Another agency's staff do not open a campaign in the organ's name.
        await (await server.Client(stranger.TokenOf(stranger.Head)).PostJsonAsync("/api/review-campaigns", Campaign(organ, staff.AgencyId)))
            .AssertProblemAsync(403, "forbidden");
    }
}
