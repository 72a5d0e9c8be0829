using System.Text.RegularExpressions;
using CaseLedger.Server.Tests.Support;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// The assessment pages in a real browser (评议考核, 山东省行政执法监督条例 Art. 16): an agency's assessment of 2025 with a third
/// party's assessment recorded by the city's legal affairs office, its officers linked to their own assessments, both languages,
/// printable without the period form, the same access as the API. The clock stands at 2026-03-02.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_a_supervisor_reads_an_assessment_in_the_console(ConsoleFixture server)
{
    [Fact]
    public async Task the_agencys_assessment_links_its_officers_in_chinese_then_in_english_art_16()
    {
        server.On("2026-03-02");
        var (staff, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        await server.PublishedCaseAsync(staff);
        var organ = await server.SupervisingOrganAsync();
        await (await server.Client(organ.TokenOf(organ.Head)).PostJsonAsync("/api/third-party-assessments", new
        {
            agency = staff.AgencyId, year = 2025, assessor = "山东某法治评估研究院", score = 86.5, grade = "good", findings = "执法程序总体规范",
            reportSha256 = new string('e', 64), assessedOn = "2026-02-16", supervisors = organ.Supervisors, body = organ.OrganId,
        })).AssertOkAsync(201);
        var page = await server.PageAsync();
        await page.SignInAsync(await server.SupervisorAsync(staff.AgencyId));

        await page.GotoAsync($"/console/assessment/{staff.AgencyId}?year=2025");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("评议考核");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "立案数" })).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("#third-party + table")).ToContainTextAsync("山东某法治评估研究院");
        await Assertions.Expect(page.Locator("#third-party + table")).ToContainTextAsync("良好");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("assessment.zh-CN");
        // Printed: the figures and the third party's, not the period form.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("form.filters")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#assessment-figures")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // Another period asked through the form: the first quarter of 2026, nothing filed, no third party.
        await page.Locator("#year").FillAsync("2026");
        await page.Locator("#quarter").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("year=2026&quarter=1$"));
        await Assertions.Expect(page.Locator(".help").First).ToContainTextAsync("2026-01-01 – 2026-03-31");

        // The officer's page, linked from the agency's for the same period.
        await page.GotoAsync($"/console/assessment/{staff.AgencyId}?year=2025");
        await page.Locator($"a[href^='/console/officers/{staff.Investigator1}/assessment']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/officers/{staff.Investigator1}/assessment\\?year=2025$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("执法人员评议考核");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "承办案件（期间内立案）" })).ToContainTextAsync("1");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("officer-assessment.zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Officer assessment");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Decisions taken part in" })).ToContainTextAsync("1");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("officer-assessment.en");
        await page.GotoAsync($"/console/assessment/{staff.AgencyId}?year=2025");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Assessment");
        await Assertions.Expect(page.Locator("#third-party + table")).ToContainTextAsync("Good");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("assessment.en");

        // The same access as the API: another agency's assessment, and its officers', are refused.
        Assert.Equal(403, (await page.GotoAsync($"/console/assessment/{other.AgencyId}?year=2025"))!.Status);
        Assert.Equal(403, (await page.GotoAsync($"/console/officers/{other.Investigator1}/assessment?year=2025"))!.Status);
        await page.Context.CloseAsync();
    }
}
