using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.SupervisionMatters;

/// <summary>
/// A complaint about a published 5,000-yuan fine (decided 2025-01-28) opens a supervision matter on 2025-12-01; the opinion is
/// received Mon 2025-12-08, so the agency may correct itself until 2026-01-07 (山东省行政执法监督条例 Art. 28); the decision of
/// 2026-01-12 is received 01-13 and its execution report is due 02-12 (Art. 29). The fake clock stands at 2026-03-02.
/// </summary>
public class when_supervising_an_agency_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<long> EventsOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    [Fact]
    public async Task a_revocation_carries_onto_the_case_with_its_withdrawal_deadline_arts_32_and_penalty_law_art_48()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.SupervisionOpinionAsync(organ, caseId);
        var decided = await server.RemedyOkAsync("supervision-matters", id, "decide", SupervisionMatterScenarios.Revocation(organ));
        Assert.Contains(decided["events"]!.AsArray(), e => (string?)e!["type"] == "supervision_decided");

        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["revocation"]!["remedyId"]);
        var withdrawal = penalty["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "withdrawal")!;
        Assert.Equal("2026-01-13", (string?)withdrawal["trigger"]);

        var matter = await server.GetAsync($"/api/supervision-matters/{id}");
        Assert.Equal("decided", (string?)matter["stage"]);
        Assert.Equal("2026-02-12", (string?)matter["decision"]!["reportDueOn"]);
    }

    [Fact]
    public async Task the_execution_report_deadline_is_on_the_board_and_a_missed_report_is_counted_art_29_and_arts_35_38()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.SupervisionOpinionAsync(organ, caseId);
        await server.RemedyOkAsync("supervision-matters", id, "decide", SupervisionMatterScenarios.Revocation(organ));

        var rows = await server.ProceedingRowsAsync(staff.AgencyId, id, "missed");
        var report = Assert.Single(rows, r => (string?)r["key"] == "execution-report");
        Assert.Equal(("supervision", $"/api/supervision-matters/{id}", organ.OrganId), ((string?)report["kind"], (string?)report["href"], (string?)report["bodyId"]));

        // The supervision queue lists the matter by the agency's nearest duty, for the organ and the agency alike.
        foreach (var agency in new[] { staff.AgencyId, organ.OrganId })
        {
            var queue = await server.GetAsync($"/api/queues/supervision?agency={agency}&limit=1000");
            var waiting = queue["cases"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
            Assert.Equal(("execution-report", "2026-02-12", "decided"), ((string?)waiting["dueFor"], (string?)waiting["dueOn"], (string?)waiting["stage"]));
        }

        var before = await server.GetAsync($"/api/agencies/{staff.AgencyId}/figures");
        await server.RemedyOkAsync("supervision-matters", id, "record-non-compliance", new
        {
            kind = "report-missed", on = "2026-02-13", description = "逾期未报告执行情况", supervisors = organ.Supervisors,
        });
        var after = await server.GetAsync($"/api/agencies/{staff.AgencyId}/figures");
        Assert.Equal((int)before["supervision"]!["nonCompliances"]! + 1, (int)after["supervision"]!["nonCompliances"]!);
        // The class's tests share the agency: this decision is among those counted.
        Assert.True((int)after["supervision"]!["decisions"]! >= 1);
    }

    [Fact]
    public async Task the_agency_corrects_itself_and_no_decision_follows_art_28()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.SupervisionOpinionAsync(organ, caseId);
        var correction = new { correctedOn = "2025-12-20", description = "重新调查取证", staff = staff.Investigators };
        // The organ's staff do not record the agency's correction; the agency's own do.
        await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync($"/api/supervision-matters/{id}/record-correction", correction))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync($"/api/supervision-matters/{id}/record-correction", correction)).AssertOkAsync();
        await (await server.RemedyCommandAsync("supervision-matters", id, "decide", SupervisionMatterScenarios.Revocation(organ)))
            .AssertProblemAsync(422, "corrected-by-agency");
        Assert.Null((await server.GetAsync($"/api/cases/{caseId}"))["revocation"]);
    }

    [Fact]
    public async Task a_decision_before_the_30_days_ran_out_is_refused_and_appends_nothing_art_29()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.SupervisionOpinionAsync(organ, caseId);
        var version = await EventsOf(id);
        await (await server.RemedyCommandAsync("supervision-matters", id, "decide", SupervisionMatterScenarios.Revocation(organ, decidedOn: "2026-01-07")))
            .AssertProblemAsync(422, "self-correction-period-open");
        await (await server.RemedyCommandAsync("supervision-matters", id, "decide", new
        {
            type = "confirm-void", grounds = new[] { "main-facts-unclear" }, decidedBy = organ.Head, decidedOn = "2026-01-12", receivedOn = "2026-01-13",
            supervisors = organ.Supervisors,
        })).AssertProblemAsync(422, "supervision-decision-grounds");
        Assert.Equal(version, await EventsOf(id));
    }

    [Fact]
    public async Task two_certified_supervisors_of_an_organ_that_supervises_the_agency_arts_4_and_22()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var head = server.Client(organ.TokenOf(organ.Head));
        object Open(string[] supervisors, string body) => new
        {
            source = "complaint", subject = "罚款", openedOn = "2025-12-01", supervisors, caseId, body, complainant = "王五",
        };
        // A single supervisor, and one without a supervision certificate.
        await (await head.PostJsonAsync("/api/supervision-matters", Open([organ.Supervisor1], organ.OrganId))).AssertProblemAsync(422, "two-officers-required");
        var (uncertified, _) = await server.OfficerAsync(organ.OrganId, ["supervision-staff"], certified: false);
        await (await head.PostJsonAsync("/api/supervision-matters", Open([organ.Supervisor1, uncertified], organ.OrganId)))
            .AssertProblemAsync(422, "officer-not-certified");
        // A supervisor of another organ acts neither with this organ's staff nor for its own organ over this case's agency.
        var other = await server.SupervisingOrganAsync(domain: "ecology-environment", level: "province");
        await (await head.PostJsonAsync("/api/supervision-matters", Open([organ.Supervisor1, other.Supervisor1], organ.OrganId)))
            .AssertProblemAsync(422, "officer-not-certified");
        await (await server.Client(other.TokenOf(other.Head)).PostJsonAsync("/api/supervision-matters", Open(other.Supervisors, other.OrganId)))
            .AssertProblemAsync(422, "not-supervising-organ");
        await (await server.Client(other.TokenOf(other.Head)).PostJsonAsync("/api/supervision-matters", Open(organ.Supervisors, organ.OrganId)))
            .AssertProblemAsync(403, "forbidden");
        // The supervised agency's own officers do not open a matter on themselves.
        await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/supervision-matters", Open(organ.Supervisors, organ.OrganId)))
            .AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task a_replayed_request_answers_the_same_and_appends_nothing()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.OpenSupervisionMatterAsync(organ, caseId);
        var talk = new { on = "2025-12-03", leaders = new[] { "局长 李某" }, reason = "违法率偏高", supervisors = organ.Supervisors, recordSha256 = CaseScenarios.Hash };
        var client = server.Client(organ.TokenOf(organ.Supervisor1));
        var first = await (await client.PostJsonAsync($"/api/supervision-matters/{id}/hold-talk", talk, ("Idempotency-Key", $"talk-{id}"))).AssertOkAsync();
        var version = await EventsOf(id);
        var again = await (await client.PostJsonAsync($"/api/supervision-matters/{id}/hold-talk", talk, ("Idempotency-Key", $"talk-{id}"))).AssertOkAsync();
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        // Without the key, the same talk again is where the matter already is: nothing appended either.
        await (await client.PostJsonAsync($"/api/supervision-matters/{id}/hold-talk", talk)).AssertOkAsync();
        Assert.Equal(version, await EventsOf(id));
    }

    /// <summary>The matter's stream is chained and audited like the other proceedings: its chain holds and its stored file is what its events give.</summary>
    [Fact]
    public async Task the_matters_stream_is_chained_and_audited_like_the_other_proceedings()
    {
        var staff = await server.StaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var id = await server.SupervisionOpinionAsync(organ, caseId);
        await server.RemedyOkAsync("supervision-matters", id, "decide", SupervisionMatterScenarios.Revocation(organ));

        var report = await server.GetAsync("/api/audit/verify");
        var matter = report["streams"]!.AsArray().Single(s => (string?)s!["stream"] == id)!;
        Assert.Equal(("proceeding", 4), ((string?)matter["kind"], (int)matter["events"]!));
        Assert.Empty(matter["findings"]!.AsArray());
        var penalty = report["streams"]!.AsArray().Single(s => (string?)s!["stream"] == caseId)!;
        Assert.DoesNotContain(penalty["findings"]!.AsArray(), f => (string?)f!["code"] == "read-model-differs");
    }
}
