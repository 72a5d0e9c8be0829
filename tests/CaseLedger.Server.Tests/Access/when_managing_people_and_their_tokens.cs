using CaseLedger.Server.Tests.Support;
using NodaTime;

namespace CaseLedger.Server.Tests.Access;

/// <summary>Deactivating an officer stops its tokens at once and leaves its history; tokens rotate with a grace period, expire and are revoked.</summary>
[Collection(AccessCollection.Name)]
public sealed class when_managing_people_and_their_tokens(AccessFixture server)
{
    private async Task<System.Net.HttpStatusCode> StatusAsync(string token, string url) => (await server.Client(token).GetAsync(url)).StatusCode;

    [Fact]
    public async Task a_deactivated_officers_tokens_stop_at_once_and_what_it_recorded_stays()
    {
        var staff = await server.NewStaffAsync();
        var token = staff.TokenOf(staff.Investigator1);
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "collect-evidence", new
        {
            kind = "documentary", description = "证据", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash,
        }, token);
        var version = await server.VersionAsync(caseId);

        await (await server.Client().PostJsonAsync($"/api/officers/{staff.Investigator1}/deactivate", new { reason = "调离执法岗位" })).AssertOkAsync();
        await (await server.Client(token).GetAsync($"/api/cases/{caseId}")).AssertProblemAsync(401, "unauthenticated");
        await (await server.CommandAsync(caseId, "collect-evidence", new { }, token)).AssertProblemAsync(401, "unauthenticated");
        Assert.Equal(version, await server.VersionAsync(caseId));
        var officer = await server.GetAsync($"/api/officers/{staff.Investigator1}");
        Assert.NotNull((string?)officer["deactivatedAt"]);
        var events = await server.GetAsync($"/api/cases/{caseId}/events");
        Assert.Contains(events["events"]!.AsArray(), e => (string?)e!["actor"] == staff.Investigator1);

        await (await server.Client().PostJsonAsync($"/api/officers/{staff.Investigator1}/reactivate", new { reason = "恢复执法资格" })).AssertOkAsync();
        await (await server.Client(token).GetAsync($"/api/cases/{caseId}")).AssertOkAsync();
    }

    [Fact]
    public async Task a_rotated_token_replaces_the_old_one_after_the_grace_period_and_a_revoked_one_stops_at_once()
    {
        var staff = await server.NewStaffAsync();
        var url = $"/api/officers/{staff.Head}";
        var old = staff.TokenOf(staff.Head);
        var rotated = await (await server.Client().PostJsonAsync($"/api/officers/{staff.Head}/tokens", new { graceMinutes = 60 })).AssertOkAsync(201);
        var fresh = (string)rotated["token"]!;
        Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsync(old, url));
        Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsync(fresh, url));

        server.Clock.Advance(Duration.FromMinutes(61));
        await (await server.Client(old).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
        Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsync(fresh, url));

        await (await server.Client().PostJsonAsync($"/api/officers/{staff.Head}/tokens/{(string)rotated["tokenId"]!}/revoke", new { })).AssertOkAsync();
        await (await server.Client(fresh).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
        var tokens = await server.GetAsync($"/api/officers/{staff.Head}/tokens");
        Assert.Equal(2, tokens.AsArray().Count);
        Assert.DoesNotContain(fresh, tokens.ToJsonString());
    }

    [Fact]
    public async Task a_token_with_an_expiry_stops_when_it_expires()
    {
        var staff = await server.NewStaffAsync();
        var expiresAt = server.Clock.GetCurrentInstant() + Duration.FromHours(2);
        var rotated = await (await server.Client().PostJsonAsync($"/api/officers/{staff.Reviewer}/tokens", new { graceMinutes = 0, expiresAt })).AssertOkAsync(201);
        var token = (string)rotated["token"]!;
        var url = $"/api/officers/{staff.Reviewer}";
        await (await server.Client(staff.TokenOf(staff.Reviewer)).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
        Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsync(token, url));
        server.Clock.Advance(Duration.FromHours(3));
        await (await server.Client(token).GetAsync(url)).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task only_an_administrator_manages_people_and_tokens()
    {
        var staff = await server.NewStaffAsync();
        var head = server.Client(staff.TokenOf(staff.Head));
        await (await head.PostJsonAsync($"/api/officers/{staff.Investigator2}/deactivate", new { reason = "x" })).AssertProblemAsync(403, "forbidden");
        await (await head.PostJsonAsync($"/api/officers/{staff.Investigator2}/tokens", new { })).AssertProblemAsync(403, "forbidden");
        await (await head.GetAsync($"/api/officers/{staff.Investigator2}/tokens")).AssertProblemAsync(403, "forbidden");
    }
}
