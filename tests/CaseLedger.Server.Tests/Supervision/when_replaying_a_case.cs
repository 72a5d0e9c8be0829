using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>Replay: the case exactly as it stood at a past instant or version, and its audit trail.</summary>
[Collection(SupervisionCollection.Name)]
public class when_replaying_a_case(ServerFixture server)
{
    [Fact]
    public async Task the_state_as_of_a_past_instant_equals_what_was_served_at_that_instant()
    {
        var staff = await server.NewStaffAsync();
        var served = new List<(Instant At, long Version, string Summary)>();
        async Task Serve(string caseId)
        {
            server.Clock.Advance(Duration.FromMinutes(7));
            var summary = await server.GetOkAsync($"/api/cases/{caseId}");
            served.Add((server.Clock.GetCurrentInstant(), (long)summary["version"]!, summary.ToJsonString()));
        }

        var caseId = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        await Serve(caseId);
        await server.NoticeAsync(staff, caseId, 5_000m, on: "2026-03-04");
        await Serve(caseId);
        await server.StepAsync(caseId, "2026-03-05", "suspend", new { reason = "等待检验结果", on = "2026-03-05", approvedBy = staff.Head });
        await Serve(caseId);
        server.On("2026-03-12"); // the defence period ended while suspended: served as missed, replayed as missed
        await Serve(caseId);
        await server.StepAsync(caseId, "2026-03-16", "resume", new { on = "2026-03-16", approvedBy = staff.Head });
        await Serve(caseId);

        foreach (var (at, version, summary) in served)
        {
            var replayed = await server.GetOkAsync($"/api/cases/{caseId}/state?asOf={InstantPattern.ExtendedIso.Format(at)}");
            Assert.Equal(summary, replayed.ToJsonString());
            var events = await server.GetOkAsync($"/api/cases/{caseId}/events?asOf={InstantPattern.ExtendedIso.Format(at)}");
            Assert.Equal(version, (long)events["version"]!);
            Assert.Equal(version, events["events"]!.AsArray().Count);
        }

        var third = await server.GetOkAsync($"/api/cases/{caseId}/state?version=3");
        Assert.Equal(3, (long)third["version"]!);
        Assert.Equal("investigation", (string?)third["stage"]);
        Assert.Equal(3, (await server.GetOkAsync($"/api/cases/{caseId}/events?version=3"))["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task before_the_case_existed_there_is_nothing_and_a_bad_moment_is_a_validation_failure()
    {
        var staff = await server.NewStaffAsync();
        server.On("2026-03-02");
        var before = server.Clock.GetCurrentInstant() - Duration.FromSeconds(1);
        var caseId = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        var at = InstantPattern.ExtendedIso.Format(before);
        await (await server.Client().GetAsync($"/api/cases/{caseId}/state?asOf={at}")).AssertProblemAsync(404, "not-found");
        await (await server.Client().GetAsync($"/api/cases/{caseId}/state?asOf=yesterday")).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync($"/api/cases/{caseId}/state")).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync($"/api/cases/{caseId}/state?version=0")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task the_audit_trail_shows_each_step_with_officers_roles_certificates_dates_and_hashes_but_no_refusal()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        server.Clock.Advance(Duration.FromMinutes(5));
        var refused = await server.CommandAsync(caseId, "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = 5_000m } },
            discretion = new { benchmarkItem = "b", level = "l", reason = "r" },
            decidedBy = staff.Head,
            decidedOn = "2026-03-02",
        });
        await refused.AssertProblemAsync(422, "penalty-notice-required");

        var trail = await server.GetOkAsync($"/api/cases/{caseId}/audit-trail");
        var steps = trail["steps"]!.AsArray().Select(s => s!).ToList();
        Assert.Equal(["lead_registered", "case_filed", "evidence_collected", "investigation_concluded"], steps.Select(s => (string?)s["type"]));
        Assert.All(steps, s => Assert.Equal("2026-03-02", (string?)s["businessDate"]));
        Assert.All(steps, s => Assert.Equal("2026-03-02T02:00:00Z", (string?)s["recordedAt"]));
        // The lead investigator registered the lead; the agency's head recorded the steps for the officers they name.
        Assert.Equal([staff.Investigator1, staff.Head, staff.Head, staff.Head], steps.Select(s => (string?)s["actor"]));
        Assert.All(steps, s => Assert.Matches("^[0-9a-f]{64}$", (string?)s["chainHash"]));

        var filed = steps[1];
        var approver = filed["officers"]!.AsArray().Single(o => (string?)o!["officerId"] == staff.Head)!;
        Assert.Equal("approver", (string?)approver["capacity"]);
        Assert.Contains("agency-head", approver["roles"]!.AsArray().Select(r => (string?)r));
        var officer = filed["officers"]!.AsArray().Single(o => (string?)o!["officerId"] == staff.Investigator1)!;
        Assert.Equal(("officer", $"SD-{staff.Investigator1}"), ((string?)officer["capacity"], (string?)officer["certificateNumber"]));
        Assert.Equal(CaseScenarios.Hash, (string?)steps[2]["media"]!["mediaSha256"]);

        var (_, ownToken) = await server.OfficerAsync(staff.AgencyId);
        await server.GetOkAsync($"/api/cases/{caseId}/audit-trail", ownToken);
        var (_, strangerToken) = await server.OfficerAsync(await server.AgencyAsync());
        await (await server.Client(strangerToken).GetAsync($"/api/cases/{caseId}/audit-trail")).AssertProblemAsync(403, "forbidden");
        await (await server.Client(strangerToken).GetAsync($"/api/cases/{caseId}/state?version=1")).AssertProblemAsync(403, "forbidden");
    }
}
