using System.Net;
using CaseLedger.Server.Tests.Support;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// Sign-in to the console in a real browser: an officer's API token exchanged for an HttpOnly, SameSite=Strict session
/// cookie, the pages in zh-CN with an English switch, the same access rules as the API, and an API that never takes the
/// cookie in place of a bearer token.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_a_supervisor_signs_in_to_the_console(ConsoleFixture server)
{
    [Fact]
    public async Task the_overview_of_the_agency_is_shown_in_chinese_then_in_english()
    {
        var staff = await server.NewStaffAsync();
        await server.ConcludedCaseAsync(staff, 5000m, CaseDates.Filed);
        var page = await server.PageAsync();

        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));

        Assert.EndsWith($"/console/overview/{staff.AgencyId}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("机关概况");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "案件数" })).ToContainTextAsync("1");
        // The trend of the twelve months up to the clock's (2025-01): three charts drawn by the server, named for screen
        // readers, and the same numbers in a table; still there in print.
        var missed = page.GetByRole(AriaRole.Img, new() { Name = "错过期限率" });
        await Assertions.Expect(missed).ToBeVisibleAsync();
        await Assertions.Expect(missed.Locator("rect")).ToHaveCountAsync(12);
        await Assertions.Expect(missed.Locator("desc")).ToContainTextAsync("2025-01: 0 % (0 / 1)");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "纠错率" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "败诉率" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#trend-table tbody tr")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("#trend-table tbody tr").Last).ToContainTextAsync("2025-01");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(missed).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("overview.zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Agency overview");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.EndsWith($"/console/overview/{staff.AgencyId}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Missed-deadline rate" }).Locator("rect")).ToHaveCountAsync(12);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Litigation loss rate" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#trend-table caption")).ToHaveTextAsync("Figures by month");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("overview.en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_session_cookie_is_http_only_strict_and_ends_at_sign_out()
    {
        var staff = await server.NewStaffAsync();
        var page = await server.PageAsync();
        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "caseledger.console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/console", session.Path);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "caseledger.console");

        await page.GotoAsync($"/console/overview/{staff.AgencyId}");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in\\?back="));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sign-in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_wrong_token_is_refused_and_an_officer_of_another_agency_sees_the_refusal_page()
    {
        var (staff, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var page = await server.PageAsync();

        await page.SignInAsync("not-a-token-of-anyone");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("令牌无效");

        await page.SignInAsync(other.TokenOf(other.Investigator1));
        var refused = await page.GotoAsync($"/console/overview/{staff.AgencyId}");

        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权查看");
        await Assertions.Expect(page.Locator(".refusal")).ToContainTextAsync("forbidden");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("refused");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_api_refuses_the_session_cookie_alone()
    {
        var staff = await server.NewStaffAsync();
        var page = await server.PageAsync();
        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "caseledger.console");
        await page.Context.CloseAsync();

        // Sent on purpose, although the browser keeps it to /console: the API answers only to a bearer token.
        using var client = server.Client(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/agencies/{staff.AgencyId}/figures");
        request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        await (await client.SendAsync(request)).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task deactivating_the_officer_ends_its_session_at_the_next_page()
    {
        var staff = await server.NewStaffAsync();
        var (officer, token) = await server.OfficerAsync(staff.AgencyId, roles: ["agency-head", "enforcement-officer"]);
        var page = await server.PageAsync();
        await page.SignInAsync(token);
        Assert.Equal(200, (await page.GotoAsync($"/console/overview/{staff.AgencyId}"))!.Status);

        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/deactivate", new { reason = "调离执法岗位" })).AssertOkAsync();

        await page.GotoAsync($"/console/overview/{staff.AgencyId}");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in\\?back="));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "caseledger.console");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("https://evil.example/console")]
    [InlineData("//evil.example/console")]
    [InlineData("/\\evil.example/console")]
    public async Task neither_sign_in_nor_the_language_switch_sends_the_reader_to_another_site(string back)
    {
        var staff = await server.NewStaffAsync();
        var page = await server.PageAsync();

        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId), $"/console/sign-in?back={Uri.EscapeDataString(back)}");
        Assert.StartsWith(server.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
        await page.GotoAsync($"/public/language?to=en&back={Uri.EscapeDataString(back)}");
        Assert.StartsWith(server.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_sign_in_without_its_antiforgery_token_is_refused()
    {
        var staff = await server.NewStaffAsync();
        using var client = server.Client(token: null);

        var answer = await client.PostAsync("/console/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = staff.TokenOf(staff.Head) }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("caseledger.console", StringComparison.Ordinal));
    }
}
