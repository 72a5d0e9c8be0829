using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Register;

public class when_managing_the_register_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task an_administrator_registers_an_agency_and_a_certified_officer_whose_token_is_shown_once()
    {
        var agency = await server.AgencyAsync();
        var officerId = ServerFixture.Unique("officer");
        var registered = await (await server.Client().PostJsonAsync("/api/officers", new
        {
            officerId,
            name = "李娜",
            agencyId = agency,
            roles = new[] { "enforcement-officer" },
            legalProfessionalQualification = false,
        })).AssertOkAsync(201);
        var token = (string)registered["token"]!;
        Assert.StartsWith("cl_", token, StringComparison.Ordinal);
        Assert.Equal("officer_registered", (string?)registered["events"]![0]!["type"]);
        Assert.Equal("bootstrap-admin", (string?)registered["events"]![0]!["actor"]);

        await (await server.Client().PostJsonAsync($"/api/officers/{officerId}/certificates",
            new { number = "SD-0001", domain = RegisterScenarios.Domain, validFrom = "2025-01-01", validTo = "2027-12-31", importedFrom = RegisterScenarios.ImportedFrom })).AssertOkAsync();

        // The officer's own token reads the officer back; the token itself is nowhere in it.
        var response = await server.Client(token).GetAsync($"/api/officers/{officerId}");
        var officer = await response.AssertOkAsync();
        Assert.Equal("李娜", (string?)officer["name"]);
        Assert.Equal("SD-0001", (string?)officer["certificates"]![0]!["number"]);
        Assert.DoesNotContain(token, officer.ToJsonString(), StringComparison.Ordinal);

        await using var session = server.Store.QuerySession();
        var stored = await session.Query<CaseLedger.Access.ApiToken>().Where(t => t.ActorId == officerId).SingleAsync();
        Assert.NotEqual(token, stored.Id);
        Assert.Equal(CaseLedger.Access.ApiTokens.Hash(token), stored.Id);
    }

    [Fact]
    public async Task the_register_answers_whether_an_officer_was_certified_on_a_date()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency);
        var (auxiliary, _) = await server.OfficerAsync(agency, roles: ["auxiliary"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates/SD-{officer}/revoke",
            new { effectiveOn = "2026-06-01", reason = "left enforcement duty" })).AssertOkAsync();

        async Task<bool> Certified(string id, string on) =>
            (bool)(await (await server.Client().GetAsync($"/api/officers/{id}/certification?domain={RegisterScenarios.Domain}&on={on}")).AssertOkAsync())["certified"]!;

        Assert.True(await Certified(officer, "2026-05-31"));
        Assert.False(await Certified(officer, "2026-06-01"));
        Assert.False(await Certified(officer, "2023-12-31"));
        Assert.False(await Certified(auxiliary, "2026-05-31"));
    }

    [Fact]
    public async Task the_register_answers_whether_an_officer_may_act_on_a_case_given_recusal_art_43()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.LeadAsync(staff);
        await server.OkAsync(caseId, "file", new { filedOn = "2025-01-08", approvedBy = staff.Head, officers = new[] { staff.Investigator1, staff.Investigator2 }, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "apply-recusal", new { officerId = staff.Investigator2, appliedBy = "party", reason = "亲属关系", on = "2025-01-09" });
        await server.OkAsync(caseId, "decide-recusal", new { officerId = staff.Investigator2, granted = true, decidedBy = staff.Head, on = "2025-01-10" });

        async Task<JsonNode> Ask(string officer) => await (await server.Client()
            .GetAsync($"/api/officers/{officer}/certification?domain={RegisterScenarios.Domain}&on=2025-01-11&caseId={caseId}")).AssertOkAsync();

        var recused = await Ask(staff.Investigator2);
        Assert.True((bool)recused["certified"]!);
        Assert.True((bool)recused["recused"]!);
        Assert.False((bool)recused["mayAct"]!);
        Assert.True((bool)(await Ask(staff.Investigator1))["mayAct"]!);
    }

    [Fact]
    public async Task a_request_without_a_token_is_refused_as_unauthenticated()
    {
        await (await server.Client(token: null).GetAsync("/api/agencies/any")).AssertProblemAsync(401, "unauthenticated");
        await (await server.Client("cl_not-a-token").PostJsonAsync("/api/agencies", new { })).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task an_officer_token_on_an_administrator_endpoint_is_forbidden_and_appends_nothing()
    {
        var agency = await server.AgencyAsync();
        var (_, token) = await server.OfficerAsync(agency);
        var officerId = ServerFixture.Unique("officer");
        await (await server.Client(token).PostJsonAsync("/api/officers", new
        {
            officerId, name = "x", agencyId = agency, roles = new[] { "admin" }, legalProfessionalQualification = false,
        })).AssertProblemAsync(403, "forbidden");
        await using var session = server.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(officerId));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "agencyId": "a1", "name": "x", "level": "city" }""")]
    [InlineData("""{ "agencyId": "a1", "name": "x", "level": "galaxy", "domain": "d" }""")]
    [InlineData("""{ "agencyId": 7, "name": "x", "level": "city", "domain": "d" }""")]
    [InlineData("""{ "agencyId": null, "name": "x", "level": "city", "domain": "d" }""")]
    public async Task a_malformed_body_gets_validation_failed_never_a_500(string body)
    {
        var response = await server.Client().PostRawAsync("/api/agencies", body);
        await response.AssertProblemAsync(400, "validation-failed");
    }

    [Theory]
    [InlineData("/api/feed?after=abc")]
    [InlineData("/api/feed?after=1&limit=ten")]
    [InlineData("/api/audit/proofs/inclusion?sequence=abc&treeSize=1")]
    [InlineData("/api/audit/proofs/consistency?from=x&to=1")]
    public async Task a_query_value_of_the_wrong_type_gets_validation_failed_naming_it(string url)
    {
        var problem = await (await server.Client().GetAsync(url)).AssertProblemAsync(400, "validation-failed");
        var name = url.Split('?')[1].Split('&').First(p => !p.Split('=')[1].All(char.IsDigit)).Split('=')[0];
        Assert.Contains(name, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task what_no_endpoint_takes_is_answered_as_problem_json_with_a_stable_code()
    {
        await (await server.Client().GetAsync("/api/nothing-here")).AssertProblemAsync(404, "not-found");
        await (await server.Client().DeleteAsync("/api/agencies")).AssertProblemAsync(405, "method-not-allowed");
        await (await server.Client().PostAsync("/api/agencies", new StringContent("""{ "agencyId": "a1" }""", System.Text.Encoding.UTF8, "text/plain")))
            .AssertProblemAsync(415, "unsupported-media-type");
    }

    [Fact]
    public async Task a_wrong_date_in_a_certificate_gets_validation_failed()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency, certified: false);
        var response = await server.Client().PostRawAsync($"/api/officers/{officer}/certificates",
            """{ "number": "N1", "domain": "d", "validFrom": "2026-02-30", "validTo": "2027-01-01" }""");
        await response.AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task one_idempotency_key_sent_twice_appends_once_and_returns_the_first_answer()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency, certified: false);
        var body = new { number = "N-IDEM", domain = RegisterScenarios.Domain, validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom };

        var first = await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates", body, ("Idempotency-Key", "k-1"))).AssertOkAsync();
        var again = await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates", body, ("Idempotency-Key", "k-1"));
        var second = await again.AssertOkAsync();

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        await using var session = server.Store.QuerySession();
        Assert.Equal(2, (await session.Events.FetchStreamStateAsync(officer))!.Version);
    }

    [Fact]
    public async Task a_request_sent_again_with_its_key_and_its_if_match_gets_its_first_answer_not_a_conflict()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency, certified: false); // version 1: registered
        var body = new { number = "N-IDEM-IF", domain = RegisterScenarios.Domain, validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom };

        var first = await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates", body,
            ("Idempotency-Key", "k-if"), ("If-Match", "1"))).AssertOkAsync();
        var again = await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates", body, ("Idempotency-Key", "k-if"), ("If-Match", "1"));

        Assert.Equal(first.ToJsonString(), (await again.AssertOkAsync()).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        await using var session = server.Store.QuerySession();
        Assert.Equal(2, (await session.Events.FetchStreamStateAsync(officer))!.Version);
    }

    [Fact]
    public async Task identical_requests_that_race_with_one_idempotency_key_append_once()
    {
        var agency = await server.AgencyAsync();
        var officerId = ServerFixture.Unique("officer");
        var body = new { officerId, name = "王芳", agencyId = agency, roles = new[] { "legal-reviewer" }, legalProfessionalQualification = true };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            server.Client().PostJsonAsync("/api/officers", body, ("Idempotency-Key", $"race-{officerId}"))));

        var versions = await Task.WhenAll(answers.Select(async a => (await a.AssertOkAsync(201)).Version()));
        Assert.All(versions, v => Assert.Equal(1, v));
        await using var session = server.Store.QuerySession();
        Assert.Equal(1, (await session.Events.FetchStreamStateAsync(officerId))!.Version);
        Assert.Equal(1, await session.Query<CaseLedger.Access.ApiToken>().CountAsync(t => t.ActorId == officerId));
    }

    [Fact]
    public async Task the_same_idempotency_key_for_a_different_request_is_refused()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency, certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
            new { number = "A", domain = "d", validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom }, ("Idempotency-Key", "k-2"))).AssertOkAsync();
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
            new { number = "B", domain = "d", validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom }, ("Idempotency-Key", "k-2")))
            .AssertProblemAsync(422, "idempotency-key-reused");
    }

    [Fact]
    public async Task a_stale_if_match_version_gets_409_and_appends_nothing()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency); // version 2: registered, certificate issued
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
            new { number = "C2", domain = "d", validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom }, ("If-Match", "1")))
            .AssertProblemAsync(409, "concurrency-conflict");
        var fresh = await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
            new { number = "C2", domain = "d", validFrom = "2025-01-01", validTo = "2027-01-01", importedFrom = RegisterScenarios.ImportedFrom }, ("If-Match", "2"))).AssertOkAsync();
        Assert.Equal(3, fresh.Version());
    }

    [Fact]
    public async Task a_certificate_is_never_edited_only_renewed_suspended_or_revoked()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency);
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
            new { number = $"SD-{officer}", domain = "other", validFrom = "2024-01-01", validTo = "2030-12-31" })).AssertProblemAsync(409, "already-exists");
        var renewed = await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates/SD-{officer}/renew", new { validTo = "2030-12-31" })).AssertOkAsync();
        Assert.Equal("certificate_renewed", (string?)renewed["events"]![0]!["type"]);
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates/NOPE/suspend",
            new { from = "2026-01-01", reason = "investigation" })).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task an_agency_policy_changes_by_effective_date()
    {
        var agency = await server.AgencyAsync();
        await (await server.Client().PostJsonAsync($"/api/agencies/{agency}/policy", new
        {
            effectiveFrom = "2026-07-01",
            policy = new { hearingThresholds = new { citizen = 5000, organisation = 50000 }, legalReviewCatalogue = new[] { "licence-revocation" }, fastTrack = true, restDayExtension = true },
        })).AssertOkAsync();
        var read = await (await server.Client().GetAsync($"/api/agencies/{agency}")).AssertOkAsync();
        Assert.Equal(2, read["policies"]!.AsArray().Count);
    }

    [Fact]
    public async Task health_answers_200_while_the_database_answers_and_needs_no_token()
    {
        var health = await (await server.Client(token: null).GetAsync("/health")).AssertOkAsync();
        Assert.Equal("up", (string?)health["database"]);
    }

    [Fact]
    public async Task the_openapi_document_is_served_to_a_token_holder()
    {
        await (await server.Client(token: null).GetAsync("/openapi/v1.json")).AssertProblemAsync(401, "unauthenticated");
        var document = await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync();
        Assert.NotNull(document["paths"]!["/api/officers"]);
    }
}
