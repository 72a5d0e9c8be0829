using System.Text;
using CaseLedger.Server.Http;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>Hostile or careless bodies (issue #20): each is refused with a stable code, appends nothing and leaves the server serving.</summary>
public class when_a_request_is_malformed_or_too_large(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task a_body_over_one_mebibyte_is_payload_too_large()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var huge = $$"""{"kind":"inspection-record","description":"{{new string('x', 1024 * 1024)}}","officers":[],"collectedOn":"2025-01-09","mediaSha256":"{{CaseScenarios.Hash}}"}""";
        foreach (var url in new[] { $"/api/cases/{caseId}/collect-evidence", "/api/agencies" })
        {
            // Expect: 100-continue, as a careful client sends a large body: refused on its Content-Length, before it is sent.
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
            request.Headers.ExpectContinue = true;
            await (await server.Client(url == "/api/agencies" ? ServerFixture.AdminToken : staff.TokenOf(staff.Head)).SendAsync(request)).AssertProblemAsync(413, "payload-too-large");
        }
        Assert.Equal(2, await server.VersionAsync(caseId));
        await server.OkAsync(caseId, "collect-evidence", Evidence(staff));
    }

    [Fact]
    public async Task a_text_longer_than_its_fields_maximum_is_not_valid_and_one_at_the_maximum_is()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff, new string('证', RequestBody.NarrativeLength + 1)), "validation-failed", 400);
        await server.OkAsync(caseId, "collect-evidence", Evidence(staff, new string('证', RequestBody.NarrativeLength)));

        var lead = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId, procedure = "general", party = new { kind = "citizen", name = new string('王', RequestBody.ShortLength + 1), idNumber = "x" },
            violation = new { description = "无照经营", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "巡查", discoveredOn = CaseDates.Discovered, officers = staff.Investigators,
        })).AssertProblemAsync(400, "validation-failed");
        Assert.Contains("name", (string?)lead["detail"], StringComparison.Ordinal);

        var receiver = new { url = "https://example.org/hooks", secret = new string('s', RequestBody.SecretLength + 1) };
        await (await server.Client().PostJsonAsync("/api/subscriptions", receiver)).AssertProblemAsync(400, "validation-failed");
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u0007")]
    [InlineData("\\u001b[31m")]
    [InlineData("\\ud800")]
    public async Task a_control_character_anywhere_is_not_valid_and_the_next_command_runs(string escaped)
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var officers = System.Text.Json.JsonSerializer.Serialize(staff.Investigators);
        foreach (var body in new[]
        {
            $$"""{"kind":"inspection-record","description":"现场{{escaped}}笔录","officers":{{officers}},"collectedOn":"2025-01-09","mediaSha256":"{{CaseScenarios.Hash}}"}""",
            $$"""{"kind":"inspection-record","description":"d","officers":{{officers}},"collectedOn":"2025-01-09","mediaSha256":"{{CaseScenarios.Hash}}","x{{escaped}}":1}""",
        })
            await (await server.Client(staff.TokenOf(staff.Head)).PostRawAsync($"/api/cases/{caseId}/collect-evidence", body)).AssertProblemAsync(400, "validation-failed");
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff), "validation-failed", 400,
            headers: ("Idempotency-Key", "key-\u0001"));
        Assert.Equal(2, await server.VersionAsync(caseId));
        // Nothing reached the database, so nothing is left broken on a pooled connection: the next command runs.
        await server.OkAsync(caseId, "collect-evidence", Evidence(staff));
    }

    [Fact]
    public async Task a_control_character_in_the_path_or_the_query_is_not_valid()
    {
        // Kestrel itself refuses a NUL in the path, before CaseLedger sees the request.
        Assert.Equal(400, (int)(await server.Client().PostJsonAsync("/api/officers/zhang%00wei/certificates/SD-1/renew", new { validTo = "2027-12-31" })).StatusCode);
        await (await server.Client().PostJsonAsync("/api/officers/zhang%01wei/certificates/SD-1/renew", new { validTo = "2027-12-31" }))
            .AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync("/api/deadlines?agency=jinan%00samr")).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync("/api/agencies/a%01b")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task a_null_inside_a_list_is_not_valid()
    {
        var staff = await server.StaffAsync();
        var (integrator, _) = await server.OfficerAsync(staff.AgencyId, roles: ["integrator"], certified: false);
        await (await server.Client().PostRawAsync($"/api/integrators/{integrator}/grants", """{"agencies":["*"],"eventTypes":[null]}"""))
            .AssertProblemAsync(400, "validation-failed");
        await (await server.Client().PostRawAsync($"/api/integrators/{integrator}/grants", """{"agencies":[null],"eventTypes":["*"]}"""))
            .AssertProblemAsync(400, "validation-failed");
        var caseId = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "collect-evidence",
            new { kind = "inspection-record", description = "d", officers = new[] { staff.Investigator1, null }, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash },
            "validation-failed", 400);
    }

    [Theory]
    [InlineData("renew", """{"validTo":"2027-12-31","validTo":"2028-12-31"}""")]
    [InlineData("suspend", """{"from":"2025-02-01","from":"2025-03-01","reason":"x"}""")]
    [InlineData("revoke", """{"effectiveOn":"2025-01-10","reason":"x","reason":"y"}""")]
    [InlineData("revoke", """{"effectiveOn":"2025-01-10","reason":"x","number":"SD-other"}""")]
    public async Task a_name_given_twice_is_not_valid(string verb, string body)
    {
        var staff = await server.StaffAsync();
        var (officer, _) = await server.OfficerAsync(staff.AgencyId);
        var before = await VersionOfAsync(officer);
        await (await server.Client().PostRawAsync($"/api/officers/{officer}/certificates/SD-{officer}/{verb}", body))
            .AssertProblemAsync(400, "validation-failed");
        Assert.Equal(before, await VersionOfAsync(officer));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task a_case_command_takes_only_json(string? mediaType)
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var json = System.Text.Json.JsonSerializer.Serialize(Evidence(staff), CaseLedger.Json.CaseLedgerJson.Responses);
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        await (await server.Client(staff.TokenOf(staff.Head)).PostAsync($"/api/cases/{caseId}/collect-evidence", content)).AssertProblemAsync(415, "unsupported-media-type");
        using var lead = new StringContent("{}", Encoding.UTF8, "text/plain");
        await (await server.Client(staff.TokenOf(staff.Head)).PostAsync("/api/cases", lead)).AssertProblemAsync(415, "unsupported-media-type");
        Assert.Equal(2, await server.VersionAsync(caseId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nul")]
    [InlineData("{\"kind\":")]
    [InlineData("{} {}")]
    [InlineData("{\"officers\":[1e999]}")]
    [InlineData("{\"collectedOn\":12}")]
    [InlineData("{\"kind\":\"inspection-record\" /* comment */}")]
    public async Task every_other_malformed_body_is_not_valid(string body)
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await (await server.Client(staff.TokenOf(staff.Head)).PostRawAsync($"/api/cases/{caseId}/collect-evidence", body)).AssertProblemAsync(400, "validation-failed");
        var deep = new string('[', 200) + new string(']', 200);
        await (await server.Client(staff.TokenOf(staff.Head)).PostRawAsync($"/api/cases/{caseId}/collect-evidence", $"{{\"officers\":{deep}}}")).AssertProblemAsync(400, "validation-failed");
        Assert.Equal(2, await server.VersionAsync(caseId));
    }

    private static object Evidence(AgencyStaff staff, string description = "现场检查笔录") =>
        new { kind = "inspection-record", description, officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

    private async Task<long?> VersionOfAsync(string stream)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(stream))?.Version;
    }
}
