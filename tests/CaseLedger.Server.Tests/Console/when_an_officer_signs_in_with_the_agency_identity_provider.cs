using System.Text.RegularExpressions;
using CaseLedger.Server.Http;
using CaseLedger.Server.Tests.Support;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// A server whose single sign-on names a client id for the console, with the tests' own identity provider
/// (<see cref="TestIdentityProvider"/>) on another loopback port, and a Chromium of its own.
/// </summary>
public sealed class ProviderConsoleFixture : ServerFixture, IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestIdentityProvider Provider { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    protected override SingleSignOn? SingleSignOn =>
        new(Provider.Issuer, null, Provider.Metadata, TestIdentityProvider.OfficerClaim) { ClientId = TestIdentityProvider.ClientId };

    public new async Task InitializeAsync()
    {
        Provider = new TestIdentityProvider(Clock);
        await Provider.StartAsync();
        await base.InitializeAsync();
        (_playwright, Browser) = await ConsoleFixture.LaunchAsync();
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }

    public Task<IPage> PageAsync() => ConsoleFixture.PageAsync(Browser, BaseAddress);
}

/// <summary>
/// The console's sign-in with the agency's identity provider (issue 21 item 1): authorization code with PKCE through ASP.NET
/// Core's OpenID Connect handler, the officer its ID token names, the same session cookie and the same access rules as with a
/// token; the token form stays.
/// </summary>
public sealed class when_an_officer_signs_in_with_the_agency_identity_provider(ProviderConsoleFixture server) : IClassFixture<ProviderConsoleFixture>
{
    private async Task<(AgencyStaff Staff, string Supervisor, string Token)> SupervisorAsync()
    {
        var staff = await server.NewStaffAsync();
        var (id, token) = await server.OfficerAsync(staff.AgencyId, roles: ["supervisor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/scope", new { agencies = new[] { staff.AgencyId } })).AssertOkAsync();
        return (staff, id, token);
    }

    private static async Task ProviderSignInAsync(IPage page, string button = "使用本机关统一身份认证登录") =>
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();

    [Fact]
    public async Task the_provider_signs_in_the_officer_its_token_names_with_a_code_and_pkce_into_the_same_session()
    {
        var (staff, supervisor, _) = await SupervisorAsync();
        var other = await server.NewStaffAsync();
        var page = await server.PageAsync();
        await page.GotoAsync($"/console/overview/{staff.AgencyId}");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console/sign-in\\?back="));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sign-in.provider.zh-CN");
        var redeemed = server.Provider.RedeemedWithPkce;
        server.Provider.SignsInAs = supervisor;

        await ProviderSignInAsync(page);

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/overview/{staff.AgencyId}$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("机关概况");
        Assert.Equal(redeemed + 1, server.Provider.RedeemedWithPkce);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "caseledger.console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/console", session.Path);
        // The same access rules as the API: another agency's overview is refused.
        Assert.Equal(403, (await page.GotoAsync($"/console/overview/{other.AgencyId}"))!.Status);
        // The API never takes the session cookie.
        using var client = server.Client(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/agencies/{staff.AgencyId}/figures");
        request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        await (await client.SendAsync(request)).AssertProblemAsync(401, "unauthenticated");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_account_naming_no_registered_officer_or_a_cancelled_sign_in_is_refused_at_the_sign_in_page()
    {
        var page = await server.PageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        server.Provider.SignsInAs = "nobody-registered";

        await ProviderSignInAsync(page, "Sign in with the agency's identity provider");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console/sign-in\\?refused=single-sign-on"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("names no registered, active officer");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "caseledger.console");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sign-in.provider-refused.en");

        server.Provider.SignsInAs = null;
        await ProviderSignInAsync(page, "Sign in with the agency's identity provider");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console/sign-in\\?refused=single-sign-on"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "caseledger.console");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task deactivating_the_officer_ends_a_provider_session_at_the_next_page()
    {
        var staff = await server.NewStaffAsync();
        var (officer, _) = await server.OfficerAsync(staff.AgencyId, roles: ["agency-head", "enforcement-officer"]);
        var page = await server.PageAsync();
        await page.GotoAsync($"/console/overview/{staff.AgencyId}");
        server.Provider.SignsInAs = officer;
        await ProviderSignInAsync(page);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/overview/{staff.AgencyId}$"));

        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/deactivate", new { reason = "调离执法岗位" })).AssertOkAsync();

        await page.GotoAsync($"/console/overview/{staff.AgencyId}");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console/sign-in\\?back="));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "caseledger.console");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_token_form_still_signs_in_beside_the_provider()
    {
        var (staff, _, token) = await SupervisorAsync();
        var page = await server.PageAsync();

        await page.SignInAsync(token, $"/console/overview/{staff.AgencyId}");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/overview/{staff.AgencyId}$"));
        await page.Context.CloseAsync();
    }
}
