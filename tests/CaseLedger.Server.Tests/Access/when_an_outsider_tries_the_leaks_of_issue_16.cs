using System.Globalization;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Access;

/// <summary>
/// The 17 ways in that issue 16 found over HTTP, each tried again as the adversary did (docs/access.md): every one is
/// refused with 403 forbidden (or 422 officer-not-certified) and appends nothing.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class when_an_outsider_tries_the_leaks_of_issue_16(AccessFixture server)
{
    private Task<AgencyStaff> Own() => server.StaffAsync();

    private Task<AgencyStaff> Other() => server.StaffAsync(new { hearingThresholds = new { citizen = 10001, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true });

    private static readonly object Payment = new { amount = 5_000m, paidOn = "2025-02-10", receiptNumber = "SD2025-0210-001" };

    private async Task<string> OutsiderAsync() => (await Other()).TokenOf((await Other()).Investigator1);

    private async Task RefusedAsync(string caseId, string command, object body, string token, string code = "forbidden", int status = 403) =>
        await server.AssertRefusedAsync(caseId, command, body, code, status, token);

    [Fact]
    public async Task leak_01_an_officer_of_another_agency_applies_for_recusal_on_the_case() =>
        await RefusedAsync(await server.NotifiedCaseAsync(await Own(), fine: 5_000m), "apply-recusal",
            new { officerId = (await Own()).Investigator1, appliedBy = "party", reason = "亲属关系", on = "2025-01-25" }, await OutsiderAsync());

    [Fact]
    public async Task leak_02_an_officer_of_another_agency_records_a_payment() =>
        await RefusedAsync(await server.PublishedCaseAsync(await Own()), "record-payment", Payment, await OutsiderAsync());

    [Fact]
    public async Task leak_03_an_officer_of_another_agency_publishes_the_decision() =>
        await RefusedAsync(await server.CaseWithServedDecisionAsync(await Own()), "publish-decision",
            new { publishedOn = "2025-02-21", channel = "信用中国" }, await OutsiderAsync());

    [Fact]
    public async Task leak_04_an_officer_of_another_agency_waives_the_partys_rights() =>
        await RefusedAsync(await server.NotifiedCaseAsync(await Own(), fine: 5_000m), "waive-rights", new { on = "2025-01-27" }, await OutsiderAsync());

    [Fact]
    public async Task leak_05_an_officer_of_another_agency_requests_a_hearing() =>
        await RefusedAsync(await server.NotifiedCaseAsync(await Own(), fine: 150_000m, major: true), "request-hearing",
            new { requestedOn = CaseDates.HearingRequested }, await OutsiderAsync());

    [Fact]
    public async Task leak_06_the_integrator_of_another_agency_records_a_step()
    {
        var other = await Other();
        var (_, token) = await server.IntegratorAsync(other.AgencyId, [other.AgencyId], ["*"]);
        await RefusedAsync(await server.PublishedCaseAsync(await Own()), "record-payment", Payment, token);
    }

    [Fact]
    public async Task leak_07_an_integrator_with_no_grant_at_all_records_a_step()
    {
        var (_, token) = await server.OfficerAsync((await Own()).AgencyId, roles: ["integrator"], certified: false);
        var caseId = await server.PublishedCaseAsync(await Own());
        await RefusedAsync(caseId, "record-payment", Payment, token);
        await RefusedAsync(caseId, "publish-decision", new { publishedOn = "2025-01-31", channel = "信用中国" }, token);
    }

    [Fact]
    public async Task leak_08_an_officer_whose_certificate_expired_records_a_payment_i1()
    {
        var own = await Own();
        var (id, token) = await server.OfficerAsync(own.AgencyId, certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates",
            new { number = $"SD-{id}", domain = RegisterScenarios.Domain, validFrom = "2020-01-01", validTo = "2024-12-31", importedFrom = RegisterScenarios.ImportedFrom })).AssertOkAsync();
        await RefusedAsync(await server.PublishedCaseAsync(own), "record-payment", Payment, token, "officer-not-certified", 422);
    }

    [Fact]
    public async Task leak_09_an_officer_whose_certificate_was_revoked_records_a_payment_i1()
    {
        var own = await Own();
        var (id, token) = await server.OfficerAsync(own.AgencyId);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates/SD-{id}/revoke",
            new { effectiveOn = "2025-02-01", reason = "违纪" })).AssertOkAsync();
        await RefusedAsync(await server.PublishedCaseAsync(own), "record-payment", Payment, token, "officer-not-certified", 422);
    }

    [Fact]
    public async Task leak_10_an_officer_whose_certificate_is_suspended_records_a_payment_i1()
    {
        var own = await Own();
        var (id, token) = await server.OfficerAsync(own.AgencyId);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates/SD-{id}/suspend",
            new { from = "2025-02-01", reason = "停职审查" })).AssertOkAsync();
        await RefusedAsync(await server.PublishedCaseAsync(own), "record-payment", Payment, token, "officer-not-certified", 422);
        // The agency's certified officer records the same payment.
        await server.OkAsync(await server.PublishedCaseAsync(own), "record-payment", Payment, own.TokenOf(own.Investigator1));
    }

    [Fact]
    public async Task leak_11_an_integrator_granted_decisions_reads_only_through_its_grant()
    {
        var own = await Own();
        var (_, token) = await server.IntegratorAsync(own.AgencyId, [own.AgencyId], [IntegrationScenarios.Penalty("decision_made")]);
        var caseId = await server.PublishedCaseAsync(own);
        var client = server.Client(token);
        foreach (var url in new[] { $"/api/cases/{caseId}", $"/api/cases/{caseId}/events", $"/api/cases/{caseId}/audit-trail",
                     $"/api/cases/{caseId}/state?version=1", $"/api/deadlines?agency={own.AgencyId}", "/api/deadlines", "/api/queues/legal-review",
                     $"/api/agencies/{own.AgencyId}/figures" })
            await (await client.GetAsync(url)).AssertProblemAsync(403, "forbidden");
        await client.FeedPageAsync(0);
    }

    [Fact]
    public async Task leak_12_a_live_stream_whose_grant_is_withdrawn_ends_with_an_error_event()
    {
        var own = await Own();
        var (id, token) = await server.IntegratorAsync(own.AgencyId, [own.AgencyId], ["*"]);
        var mark = await server.FeedMarkAsync();
        await using var stream = await ServerSentEvents.OpenAsync(server.Client(token), "/api/feed/stream", mark.ToString(CultureInfo.InvariantCulture));
        var caseId = await server.LeadAsync(own);
        Assert.Equal(caseId, (string?)(await stream.NextAsync())!.Data["subject"]);

        await (await server.Client().PostJsonAsync($"/api/integrators/{id}/grants", new { agencies = Array.Empty<string>(), eventTypes = Array.Empty<string>() })).AssertOkAsync();
        await server.LeadAsync(own);
        var next = await stream.NextAsync();
        Assert.Equal("error", next.Type);
        Assert.Equal("forbidden", (string?)next.Data["code"]);
        Assert.Contains("withdrawn", (string?)next.Data["detail"]);
    }

    [Fact]
    public async Task leak_13_an_officer_of_another_agency_reads_a_reconsideration()
    {
        var own = await Own();
        var body = await server.ReconsiderationBodyAsync();
        var id = await server.ApplyForReconsiderationAsync(await server.PublishedCaseAsync(own), body, "2026-02-03");
        await (await server.Client(await OutsiderAsync()).GetAsync($"/api/reconsiderations/{id}")).AssertProblemAsync(403, "forbidden");
        await server.GetAsync($"/api/reconsiderations/{id}");
        await (await server.Client(own.TokenOf(own.Head)).GetAsync($"/api/reconsiderations/{id}")).AssertOkAsync();
    }

    [Fact]
    public async Task leak_14_an_officer_of_another_agency_reads_a_suit()
    {
        var own = await Own();
        var filed = await (await server.Client(own.TokenOf(own.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId = await server.PublishedCaseAsync(own),
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = own.Investigators,
        })).AssertOkAsync(201);
        var id = (string)filed["litigationId"]!;
        await (await server.Client(await OutsiderAsync()).GetAsync($"/api/litigations/{id}")).AssertProblemAsync(403, "forbidden");
        await (await server.Client(own.TokenOf(own.Head)).GetAsync($"/api/litigations/{id}")).AssertOkAsync();
    }

    [Fact]
    public async Task leak_15_an_officer_of_another_agency_reads_a_petition()
    {
        var own = await Own();
        var lodged = await (await server.Client(own.TokenOf(own.Investigator1)).PostJsonAsync("/api/petitions", Petition(await server.PublishedCaseAsync(own)))).AssertOkAsync(201);
        var id = (string)lodged["petitionId"]!;
        await (await server.Client(await OutsiderAsync()).GetAsync($"/api/petitions/{id}")).AssertProblemAsync(403, "forbidden");
        await (await server.Client(own.TokenOf(own.Head)).GetAsync($"/api/petitions/{id}")).AssertOkAsync();
    }

    [Fact]
    public async Task leak_16_an_officer_of_another_agency_lodges_a_petition_naming_the_case()
    {
        var caseId = await server.PublishedCaseAsync(await Own());
        var before = await server.VersionAsync(caseId);
        await (await server.Client(await OutsiderAsync()).PostJsonAsync("/api/petitions", Petition(caseId))).AssertProblemAsync(403, "forbidden");
        Assert.Equal(before, await server.VersionAsync(caseId));
        var own = await Own();
        await (await server.Client(own.TokenOf(own.Investigator1)).PostJsonAsync("/api/petitions", Petition(caseId))).AssertOkAsync(201);
    }

    [Fact]
    public async Task leak_17_an_officer_of_another_agency_reads_the_recusal_state_of_a_case_through_certification()
    {
        var own = await Own();
        var caseId = await server.FiledCaseAsync(own);
        var url = $"/api/officers/{own.Investigator1}/certification?domain={RegisterScenarios.Domain}&on=2025-01-09&caseId={caseId}";
        await (await server.Client(await OutsiderAsync()).GetAsync(url)).AssertProblemAsync(403, "forbidden");
        await (await server.Client(own.TokenOf(own.Investigator2)).GetAsync(url)).AssertOkAsync();
    }

    private static object Petition(string caseId) => new
    {
        petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
        subject = "对罚款决定不服",
        lodgedOn = "2026-02-02",
        caseId,
    };
}
