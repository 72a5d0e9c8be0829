using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CaseLedger.Testing;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// Issue 21's "done when": a newcomer runs <c>caseledger demo --serve</c>, opens the URL it prints, signs in with the
/// supervisor's token it prints and replays the demo's general case. The real command in a process of its own (on a
/// database of the test run), driven by the collection's browser.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_a_newcomer_runs_demo_serve(ConsoleFixture server)
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "caseledger.dll");

    [Fact]
    public async Task the_printed_token_opens_the_console_and_the_general_case_replays()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Cli, "demo", "--serve", "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        start.Environment["CASELEDGER_DB"] = await TestPostgres.NewDatabaseAsync("demo_serve");
        start.Environment["CASELEDGER_HOME"] = TestPostgres.NewHome("demo-serve");
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var printed = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines)
            {
                lines.Add(e.Data);
                if (lines.Any(l => l.Contains("supervisor token:", StringComparison.Ordinal)) && lines.Count(l => l.Contains("/console/cases/", StringComparison.Ordinal)) >= 3)
                    printed.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // The whole demo runs first: bounded, but longer than a page's wait.
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(printed.Task, exited, Task.Delay(TimeSpan.FromSeconds(180))) != printed.Task)
                Assert.Fail($"demo --serve printed no token and case URLs:\n{string.Join("\n", Snapshot(lines))}");
            var output = Snapshot(lines);
            var token = Regex.Match(string.Join("\n", output), @"supervisor token: (\S+)").Groups[1].Value;
            var general = output.Zip(output.Skip(1))
                .First(p => p.First.Contains("general:", StringComparison.Ordinal) && p.Second.Contains("/console/cases/", StringComparison.Ordinal)).Second.Trim();
            Assert.StartsWith($"http://127.0.0.1:{port}/console", output.First(l => l.TrimEnd().EndsWith("/console", StringComparison.Ordinal)).Trim(), StringComparison.Ordinal);

            var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{port}", ViewportSize = new() { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(ConsoleFixture.Timeout);
            var page = await context.NewPageAsync();
            await page.SignInAsync(token, general);

            Assert.Equal(general, page.Url);
            await Assertions.Expect(page.Locator("[data-field=stage]")).Not.ToBeEmptyAsync();
            Assert.True(await page.Locator("#timeline + p + table tbody tr").CountAsync() > 3);
            await page.ScreenshotAsync("demo.case");
            // What the README shows (docs/console-case.png): the first screen of the case page.
            await page.ScreenshotAsync("readme.case", fullPage: false);
            await page.Locator("#version").SelectOptionAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();
            await Assertions.Expect(page.Locator("#as-it-stood")).ToContainTextAsync("版本 3");
            await Assertions.Expect(page.Locator("#timeline + p + table tbody tr")).ToHaveCountAsync(3);
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync("demo.case.replayed");
            await context.CloseAsync();
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines) return [.. lines];
    }
}
