using System.Net;
using System.Text.RegularExpressions;
using CaseLedger.Access;
using CaseLedger.Server.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// Two servers on one database (issue 21, session keys across nodes): the Data Protection key ring is kept in the deployment's
/// database, so the sign-in form one node serves is accepted by the other (antiforgery), and the session cookie the other
/// issues opens the console on the first.
/// </summary>
public sealed partial class when_two_nodes_serve_the_console(ServerFixture server) : IClassFixture<ServerFixture>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [Fact]
    public async Task a_session_signed_in_on_one_node_is_accepted_by_the_other()
    {
        var staff = await server.NewStaffAsync();
        var token = await server.SupervisorAsync(staff.AgencyId);
        await using var second = await ServerFixture.StartAsync(server.ConnectionString, server.Clock, null);
        var cookies = new CookieContainer();
        HttpClient Browser(ServerFixture node) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };
        using var first = Browser(server);
        using var other = Browser(second);

        var form = await first.GetStringAsync("/console/sign-in");
        var antiforgery = WebUtility.HtmlDecode(Antiforgery().Match(form).Groups[1].Value);
        Assert.NotEmpty(antiforgery);
        var back = $"/console/overview/{staff.AgencyId}";
        using var signedIn = await other.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["back"] = back, ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(back, signedIn.Headers.Location?.OriginalString);

        using var page = await first.GetAsync(back);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("机关概况", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await using var session = server.App.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.NotEmpty(await session.Query<SessionKey>().ToListAsync());
    }
}
