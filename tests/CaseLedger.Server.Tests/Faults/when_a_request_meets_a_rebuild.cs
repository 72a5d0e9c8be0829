using CaseLedger.Commands;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// While a rebuild runs, the tables it writes again are emptied and filled: a request that finds an officer or a case missing
/// then, or is refused on what it read, is told the read models are being rebuilt (503, Retry-After), never a refusal that
/// would not be true a minute later; what succeeds goes on, and nothing is appended by what is answered 503.
/// </summary>
public class when_a_request_meets_a_rebuild(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task what_a_half_built_table_would_refuse_is_answered_503_read_models_rebuilding()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var unknown = StreamKeys.NewCaseId();
        var evidence = new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

        // The lock a rebuild holds for its whole transaction (ReadModels.RebuildAsync), held here without emptying anything.
        await using (var rebuild = new NpgsqlConnection(server.ConnectionString))
        {
            await rebuild.OpenAsync();
            await using var transaction = await rebuild.BeginTransactionAsync();
            await RebuildGate.HoldAsync(rebuild, transaction, server.Store.Options.Events.DatabaseSchemaName, default);

            await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync($"/api/cases/{unknown}/collect-evidence", evidence))
                .AssertProblemAsync(503, RebuildGate.Code);
            Assert.Null(await server.VersionAsync(unknown));
            using (var unresolved = await server.Client("not-a-token-of-anyone").GetAsync($"/api/cases/{caseId}"))
            {
                await unresolved.AssertProblemAsync(503, RebuildGate.Code);
                Assert.True(unresolved.Headers.RetryAfter is not null);
            }
            await (await server.Client().GetAsync($"/api/cases/{unknown}")).AssertProblemAsync(503, RebuildGate.Code);
            // What finds what it needs is not held back.
            await server.OkAsync(caseId, "collect-evidence", evidence);
        }

        // Once no rebuild runs, the same requests get their true answers.
        await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync($"/api/cases/{unknown}/collect-evidence", evidence))
            .AssertProblemAsync(404, "not-found");
        await (await server.Client("not-a-token-of-anyone").GetAsync($"/api/cases/{caseId}")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task the_lists_over_many_cases_are_not_shown_half_filled_while_a_rebuild_runs()
    {
        var staff = await server.NewStaffAsync();
        await server.FiledCaseAsync(staff);
        var head = server.Client(staff.TokenOf(staff.Head));
        string[] lists = [$"/api/deadlines?agency={staff.AgencyId}", $"/api/queues/legal-review?agency={staff.AgencyId}",
            $"/api/agencies/{staff.AgencyId}/figures", $"/api/agencies/{staff.AgencyId}/figures/trend"];

        await using (var rebuild = new NpgsqlConnection(server.ConnectionString))
        {
            await rebuild.OpenAsync();
            await using var transaction = await rebuild.BeginTransactionAsync();
            await RebuildGate.HoldAsync(rebuild, transaction, server.Store.Options.Events.DatabaseSchemaName, default);
            foreach (var list in lists)
            {
                using var answer = await head.GetAsync(list);
                await answer.AssertProblemAsync(503, RebuildGate.Code);
                Assert.True(answer.Headers.RetryAfter is not null, list);
            }
        }

        foreach (var list in lists) await (await head.GetAsync(list)).AssertOkAsync();
    }

    [Fact]
    public async Task the_consoles_lists_show_the_rebuild_not_a_half_filled_page()
    {
        var staff = await server.NewStaffAsync();
        await server.FiledCaseAsync(staff);
        using var browser = await SignedInAsync(staff.TokenOf(staff.Head));
        string[] pages = ["/console/deadlines", "/console/queues", $"/console/overview/{staff.AgencyId}"];
        foreach (var page in pages) Assert.Equal(200, (int)(await browser.GetAsync(page)).StatusCode);

        await using var rebuild = new NpgsqlConnection(server.ConnectionString);
        await rebuild.OpenAsync();
        await using var transaction = await rebuild.BeginTransactionAsync();
        await RebuildGate.HoldAsync(rebuild, transaction, server.Store.Options.Events.DatabaseSchemaName, default);
        foreach (var page in pages)
        {
            using var answer = await browser.GetAsync(page);
            Assert.Equal(503, (int)answer.StatusCode);
            Assert.Contains(RebuildGate.Code, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>A client with the console's session cookie: the sign-in form posted with its antiforgery token, as a browser does.</summary>
    private async Task<HttpClient> SignedInAsync(string token)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = server.BaseAddress };
        var form = await browser.GetStringAsync("/console/sign-in");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signIn = await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["back"] = "/console", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.True(signIn.IsSuccessStatusCode, $"sign-in answered {(int)signIn.StatusCode}");
        return browser;
    }
}
