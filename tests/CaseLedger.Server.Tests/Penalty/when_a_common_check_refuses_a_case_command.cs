using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Penalty;

/// <summary>The common refusals of domain.md §8.4 on penalty-case commands, Idempotency-Key and If-Match; a refusal appends nothing.</summary>
public class when_a_common_check_refuses_a_case_command(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("file", """{"filedOn": "2025-01-08", """)]
    [InlineData("file", """["2025-01-08"]""")]
    [InlineData("file", """{"approvedBy": "h", "officers": ["a", "b"], "leadOfficer": "a"}""")]
    [InlineData("file", """{"filedOn": "08/01/2025", "approvedBy": "h", "officers": ["a", "b"], "leadOfficer": "a"}""")]
    [InlineData("collect-evidence", """{"kind": "rumour", "description": "d", "officers": [], "collectedOn": "2025-01-09", "mediaSha256": null}""")]
    [InlineData("serve-decision", """{"servedOn": "2025-02-11", "method": "fax", "electronicConsent": false, "officers": []}""")]
    [InlineData("collect-evidence", """{"kind": "witness", "description": "d", "officers": [], "collectedOn": "2025-01-09", "mediaSha256": "not-a-hash"}""")]
    public async Task a_body_that_is_malformed_lacks_a_field_or_names_an_unknown_value_is_not_valid(string command, string body)
    {
        var staff = await server.StaffAsync();
        var caseId = await server.LeadAsync(staff);
        var before = await server.VersionAsync(caseId);
        await (await server.Client(staff.TokenOf(staff.Head)).PostRawAsync($"/api/cases/{caseId}/{command}", body)).AssertProblemAsync(400, "validation-failed");
        Assert.Equal(before, await server.VersionAsync(caseId));
    }

    [Fact]
    public async Task a_field_the_command_can_do_without_may_be_left_out()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        // No proposedPenalties, no discretion, no documents: nothing to propose when the facts are not established.
        var answer = await (await server.Client(staff.TokenOf(staff.Head)).PostRawAsync($"/api/cases/{caseId}/conclude-investigation", $$"""
            {"outcome": "not-established", "major": false, "complex": false, "concludedOn": "2025-01-20", "officers": ["{{staff.Investigator1}}", "{{staff.Investigator2}}"]}
            """)).AssertOkAsync();
        Assert.Equal("investigation_concluded", (string?)answer["events"]![0]!["type"]);
    }

    [Fact]
    public async Task a_refused_lead_opens_no_case()
    {
        var staff = await server.StaffAsync();
        var events = await EventCountAsync();
        await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId, procedure = "general", party = (object?)null,
            violation = new { description = "销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "12315", discoveredOn = CaseDates.Discovered, officers = staff.Investigators,
        })).AssertProblemAsync(400, "validation-failed");
        await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId, procedure = "general", party = new { kind = "citizen", name = "王某", idNumber = "x" },
            violation = new { description = "销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "12315", discoveredOn = "2026-03-03", officers = staff.Investigators,
        })).AssertProblemAsync(422, "date-out-of-order");
        Assert.Equal(events, await EventCountAsync());
    }

    [Fact]
    public async Task a_request_without_a_valid_token_is_unauthenticated()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var evidence = Evidence(staff.Investigators);
        await server.AssertRefusedAsync(caseId, "collect-evidence", evidence, "unauthenticated", 401, token: null);
        await server.AssertRefusedAsync(caseId, "collect-evidence", evidence, "unauthenticated", 401, token: "cl_forged-token");
        await (await server.Client(token: null).GetAsync($"/api/cases/{caseId}")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task auxiliary_staff_and_officers_acting_for_others_are_forbidden()
    {
        var staff = await server.StaffAsync();
        var (outsider, outsiderToken) = await server.OfficerAsync(staff.AgencyId);
        var caseId = await server.FiledCaseAsync(staff);

        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators), "forbidden", 403, staff.TokenOf(staff.Auxiliary));
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators), "forbidden", 403, outsiderToken);
        await server.AssertRefusedAsync(caseId, "suspend", new { reason = "x", on = "2025-01-10", approvedBy = staff.Head }, "forbidden", 403, staff.TokenOf(staff.Investigator1));
        await server.OkAsync(caseId, "collect-evidence", Evidence([staff.Investigator1, outsider]), outsiderToken);

    }

    [Fact]
    public async Task a_decider_named_without_the_agency_head_role_may_not_decide()
    {
        // The caller may record for others; the officer it names lacks the role: a refusal of the step (422), not of the caller (403).
        var staff = await server.StaffAsync();
        var notified = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        var refused = await server.AssertRefusedAsync(notified, "decide",
            new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Investigator1, decidedOn = "2025-02-10" },
            "officer-not-certified");
        Assert.Contains("agency head", (string?)refused["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_case_command_or_officer_is_not_found()
    {
        var staff = await server.StaffAsync();
        var unknown = Guid.CreateVersion7().ToString();
        await server.AssertRefusedAsync(unknown, "collect-evidence", Evidence(staff.Investigators), "not-found", 404);
        Assert.Null(await server.VersionAsync(unknown));
        await (await server.Client().GetAsync($"/api/cases/{unknown}")).AssertProblemAsync(404, "not-found");
        await (await server.Client().GetAsync($"/api/cases/{unknown}/events")).AssertProblemAsync(404, "not-found");
        await (await server.CommandAsync("not-a-case-id", "file", new { })).AssertProblemAsync(404, "not-found");

        var caseId = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "reopen", new { on = "2025-01-10" }, "not-found", 404);
        await server.AssertRefusedAsync(caseId, "register-lead", new { }, "not-found", 404);
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence([staff.Investigator1, "officer-nobody"]), "not-found", 404);
    }

    [Fact]
    public async Task a_stale_if_match_is_a_concurrency_conflict()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var current = (await server.SummaryAsync(caseId)).Version();
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators), "concurrency-conflict", 409,
            headers: ("If-Match", (current - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var answer = await (await server.CommandAsync(caseId, "collect-evidence", Evidence(staff.Investigators),
            headers: ("If-Match", $"\"{current}\""))).AssertOkAsync();
        Assert.Equal(current + 1, answer.Version());
    }

    [Fact]
    public async Task an_idempotency_key_replayed_on_a_case_command_appends_once()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var before = await server.VersionAsync(caseId);
        var key = ("Idempotency-Key", $"evidence-{caseId}");

        var first = await (await server.CommandAsync(caseId, "collect-evidence", Evidence(staff.Investigators), headers: key)).AssertOkAsync();
        var again = await server.CommandAsync(caseId, "collect-evidence", Evidence(staff.Investigators), headers: key);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = await again.AssertOkAsync();

        Assert.Equal(before + 1, await server.VersionAsync(caseId));
        Assert.Equal(first.Version(), replayed.Version());
        Assert.Equal((string?)first["events"]![0]!["id"], (string?)replayed["events"]![0]!["id"]);

        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators, "另一份笔录"), "idempotency-key-reused", headers: key);
    }

    [Fact]
    public async Task an_idempotency_key_replayed_on_a_new_lead_opens_one_case()
    {
        var staff = await server.StaffAsync();
        var lead = new
        {
            agencyId = staff.AgencyId, procedure = "general", party = new { kind = "citizen", name = "王某", idNumber = "x" },
            violation = new { description = "无照经营", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "巡查", discoveredOn = CaseDates.Discovered, officers = staff.Investigators,
        };
        var key = ("Idempotency-Key", $"lead-{Guid.NewGuid():N}");
        var events = await EventCountAsync();

        var first = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", lead, key)).AssertOkAsync(201);
        var again = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", lead, key)).AssertOkAsync(201);

        Assert.Equal((string?)first["caseId"], (string?)again["caseId"]);
        Assert.Equal(events + 1, await EventCountAsync());
    }

    [Fact]
    public async Task identical_leads_racing_with_one_idempotency_key_open_one_case()
    {
        var staff = await server.StaffAsync();
        var lead = new
        {
            agencyId = staff.AgencyId, procedure = "general", party = new { kind = "citizen", name = "王某", idNumber = "x" },
            violation = new { description = "无照经营", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "巡查", discoveredOn = CaseDates.Discovered, officers = staff.Investigators,
        };
        var key = ("Idempotency-Key", $"lead-race-{Guid.NewGuid():N}");
        var events = await EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", lead, key)));
        var caseIds = await Task.WhenAll(answers.Select(async a => (string?)(await a.AssertOkAsync(201))["caseId"]));

        Assert.Single(caseIds.Distinct());
        Assert.Equal(events + 1, await EventCountAsync());
    }

    [Fact]
    public async Task only_officers_certified_on_the_business_date_act_and_auxiliary_staff_never_sign()
    {
        var staff = await server.StaffAsync();
        var (uncertified, _) = await server.OfficerAsync(staff.AgencyId, certified: false);
        var (revoked, _) = await server.OfficerAsync(staff.AgencyId);
        await (await server.Client().PostJsonAsync($"/api/officers/{revoked}/certificates/SD-{revoked}/revoke",
            new { effectiveOn = "2025-01-10", reason = "调离执法岗位" })).AssertOkAsync();
        var caseId = await server.FiledCaseAsync(staff);

        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence([staff.Investigator1, uncertified]), "officer-not-certified");
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence([.. staff.Investigators, staff.Auxiliary]), "officer-not-certified");
        var refused = await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence([staff.Investigator1, revoked], on: "2025-01-10"), "officer-not-certified");
        Assert.Contains(revoked, (string?)refused["detail"], StringComparison.Ordinal);
        await server.OkAsync(caseId, "collect-evidence", Evidence([staff.Investigator1, revoked], on: "2025-01-09"));

        var lead = await server.LeadAsync(staff);
        await server.AssertRefusedAsync(lead, "file",
            new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = new[] { staff.Investigator1, staff.Auxiliary }, leadOfficer = staff.Auxiliary },
            "two-officers-required");
    }

    [Fact]
    public async Task a_business_date_after_today_or_before_the_step_it_follows_is_out_of_order()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var future = await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators, on: "2026-03-03"), "date-out-of-order");
        Assert.Contains("2026-03-02", (string?)future["detail"], StringComparison.Ordinal);
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators, on: "2025-01-07"), "date-out-of-order");
        await server.OkAsync(caseId, "collect-evidence", Evidence(staff.Investigators, on: "2026-03-02"));

        var notified = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(notified, "waive-rights", new { on = "2025-01-23" }, "date-out-of-order");
    }

    [Fact]
    public async Task a_closed_case_takes_no_further_step_but_is_archived()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "conclude-investigation",
            new { outcome = "not-established", proposedPenalties = Array.Empty<object>(), discretion = (object?)null, major = false, complex = false, concludedOn = "2025-01-20", officers = staff.Investigators });
        await server.OkAsync(caseId, "close", new { closedBy = staff.Head, on = "2025-01-21" });

        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff.Investigators, on: "2025-01-22"), "case-closed");
        await server.AssertRefusedAsync(caseId, "suspend", new { reason = "x", on = "2025-01-22", approvedBy = staff.Head }, "case-closed");
        await server.OkAsync(caseId, "archive", new { archivedBy = staff.Head, on = "2025-01-22" });
        Assert.Equal("archived", (string?)(await server.SummaryAsync(caseId))["stage"]);
    }

    [Fact]
    public async Task a_step_out_of_the_procedures_order_is_the_wrong_stage_and_names_what_comes_first()
    {
        var staff = await server.StaffAsync();
        var lead = await server.LeadAsync(staff);
        var unfiled = await server.AssertRefusedAsync(lead, "collect-evidence", Evidence(staff.Investigators, on: "2025-01-07"), "wrong-stage");
        Assert.Contains("File the case first", (string?)unfiled["detail"], StringComparison.Ordinal);

        var filed = await server.FiledCaseAsync(staff);
        var notConcluded = await server.AssertRefusedAsync(filed, "serve-penalty-notice",
            new { proposedPenalties = CaseScenarios.Fine(50_000m), servedOn = "2025-01-24", method = "direct", officers = staff.Investigators }, "wrong-stage");
        Assert.Contains("Conclude the investigation first", (string?)notConcluded["detail"], StringComparison.Ordinal);
        await server.AssertRefusedAsync(filed, "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 50m), "wrong-stage");
        await server.AssertRefusedAsync(filed, "hold-hearing",
            new { heldOn = "2025-01-20", presiderId = staff.Presider, partyAppeared = true, transcriptSha256 = CaseScenarios.Hash }, "wrong-stage");
    }

    private static object Evidence(string[] officers, string description = "现场检查笔录", string on = "2025-01-09") =>
        new { kind = "inspection-record", description, officers, collectedOn = on, mediaSha256 = CaseScenarios.Hash };

    private async Task<long> EventCountAsync() =>
        (await server.Store.Advanced.FetchEventStoreStatistics()).EventCount;
}
