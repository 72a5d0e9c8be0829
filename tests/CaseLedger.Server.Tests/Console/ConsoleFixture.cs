using CaseLedger.Server.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// The server of the console tests and one headless Chromium for all of them: Debian's, through its executable path, since
/// Playwright may never download a browser here (.ci/run installs <c>chromium</c> and <c>fonts-noto-cjk</c>). Each test
/// opens a context of its own (its own cookies), so tests stay apart as they do by fresh agencies.
/// </summary>
public sealed class ConsoleFixture : ServerFixture, IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Each wait of a page test: a page that does not answer in this time fails the test instead of hanging it.</summary>
    public const float Timeout = 30_000;

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, Browser) = await LaunchAsync();
    }

    /// <summary>Debian's Chromium, headless, every wait bounded by <see cref="Timeout"/>; screenshots' folder made.</summary>
    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = Timeout,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
        return (playwright, browser);
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    public Task<IPage> PageAsync() => PageAsync(Browser, BaseAddress);

    /// <summary>A fresh browser context (no cookies) with its first page, every wait bounded by <see cref="Timeout"/>.</summary>
    public static async Task<IPage> PageAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

public static class ConsolePages
{
    /// <summary>Signs in on the sign-in page with an API token; the page then shows where the console sends it.</summary>
    public static async Task SignInAsync(this IPage page, string token, string path = "/console")
    {
        await page.GotoAsync(path);
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("API")).FillAsync(token);
        await page.Locator("form:has(#token) button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>A screenshot kept with the test output, named by the test and the step.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.Screenshots, name + ".png"), FullPage = fullPage });

    /// <summary>Runs axe on the page: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("\n", bad.Select(v => $"{v.Impact} {v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}")));
    }

    /// <summary>Registers a supervisor whose scope is <paramref name="agencies"/>; returns its token.</summary>
    public static async Task<string> SupervisorAsync(this ServerFixture server, params string[] agencies)
    {
        var (id, token) = await server.OfficerAsync(agencies[0], roles: ["supervisor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/scope", new { agencies })).AssertOkAsync();
        return token;
    }
}
