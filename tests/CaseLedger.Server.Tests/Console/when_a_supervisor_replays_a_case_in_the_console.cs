using System.Text.RegularExpressions;
using CaseLedger.Server.Tests.Support;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// The case page in a real browser: the timeline of every step with its chain hash checked, the deadlines, replay at an
/// earlier version (the earlier stage and fewer steps), two versions compared, both languages; the audit page's verification
/// and export of the same case.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_a_supervisor_replays_a_case_in_the_console(ConsoleFixture server)
{
    [Fact]
    public async Task the_timeline_is_verified_and_an_earlier_version_shows_the_earlier_stage()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5000m, CaseDates.Filed);
        var page = await server.PageAsync();
        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));

        await page.GotoAsync($"/console/cases/{caseId}");

        await Assertions.Expect(page.Locator("[data-field=stage]")).ToHaveTextAsync("调查终结");
        await Assertions.Expect(page.GetByText("哈希链已校验")).ToBeVisibleAsync();
        // The deadlines in Chinese, the period's days put back in (行政处罚法 Art. 60: 90 days from filing).
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "自立案之日起90日内作出行政处罚决定" })).ToBeVisibleAsync();
        var steps = await page.Locator("#timeline + p + table tbody tr").CountAsync();
        Assert.True(steps >= 4, $"{steps} steps shown");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("case.zh-CN");

        await page.Locator("#version").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();

        await Assertions.Expect(page.Locator("#as-it-stood")).ToContainTextAsync("回放状态: 版本 2");
        await Assertions.Expect(page.Locator("[data-field=stage]")).ToHaveTextAsync("调查取证");
        await Assertions.Expect(page.Locator("#timeline + p + table tbody tr")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("case.replayed");

        await page.Locator("#withVersion").SelectOptionAsync(steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();

        await Assertions.Expect(page.Locator("table.compare tr.differs").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.compare")).ToContainTextAsync("调查终结");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("case.compared");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("#timeline")).ToHaveTextAsync("Timeline");
        await Assertions.Expect(page.Locator("table.compare")).ToContainTextAsync("Decision within 90 days of filing");
        await Assertions.Expect(page.Locator("table.compare")).ToContainTextAsync("Investigation concluded");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("case.en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_board_and_the_queues_link_to_the_case()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5000m, CaseDates.Filed);
        var page = await server.PageAsync();
        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"/console/deadlines?culture={culture}&status=open");
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"board.{culture}");
            await page.GotoAsync($"/console/queues/legal-review?culture={culture}");
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"queues.{culture}");
        }

        await page.GotoAsync($"/console/deadlines?status=open&kind=penalty");
        await page.Locator($"a[href='/console/cases/{caseId}']").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/cases/{caseId}$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_auditor_verifies_the_case_and_downloads_its_export()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5000m, CaseDates.Filed);
        var (auditor, token) = await server.OfficerAsync(staff.AgencyId, roles: ["auditor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{auditor}/scope", new { agencies = new[] { staff.AgencyId } })).AssertOkAsync();
        var page = await server.PageAsync();
        await page.SignInAsync(token);

        await page.GotoAsync($"/console/audit?caseId={caseId}");

        await Assertions.Expect(page.Locator("[data-field=verdict]")).ToContainTextAsync("未发现问题");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("audit.zh-CN");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载案件导出文件" }).ClickAsync());
        var path = Path.Combine(CaseLedger.Testing.TestPostgres.NewHome("export"), $"{caseId}.json");
        await download.SaveAsAsync(path);
        Assert.Contains("caseledger-export/1", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        // The export signed a checkpoint over the log: the page shows it.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-field=tree-size]")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));

        await page.GotoAsync($"/console/audit?caseId={caseId}&culture=en");
        await Assertions.Expect(page.Locator("[data-field=verdict]")).ToContainTextAsync("Clean");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("audit.en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_officer_of_another_agency_is_refused_the_case_and_its_audit()
    {
        var (staff, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var caseId = await server.ConcludedCaseAsync(staff, 5000m, CaseDates.Filed);
        var page = await server.PageAsync();
        await page.SignInAsync(other.TokenOf(other.Head));

        Assert.Equal(403, (await page.GotoAsync($"/console/cases/{caseId}"))!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权查看");
        Assert.DoesNotContain(caseId, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(403, (await page.GotoAsync($"/console/cases/{caseId}?version=1"))!.Status);
        // Staff read no audit: the API's table gives them no reach on verification.
        Assert.Equal(403, (await page.GotoAsync($"/console/audit?caseId={caseId}"))!.Status);
        await page.Context.CloseAsync();
    }
}
