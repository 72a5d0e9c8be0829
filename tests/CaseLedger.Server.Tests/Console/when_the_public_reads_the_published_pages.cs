using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// The public pages, without sign-in: the flow charts drawn from the rule table (Outline item 23) and the publicity list
/// (国办发〔2018〕118号; 行政处罚法 Art. 48) with personal data masked and each entry's inclusion proof. Read as an adversary
/// too: a withdrawn decision, an unpublished case and an unmasked name or identity number never reach the page or its JSON.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_the_public_reads_the_published_pages(ConsoleFixture server)
{
    [Fact]
    public async Task the_flow_charts_show_every_procedure_with_its_limits_in_chinese_then_in_english_Outline_item_23()
    {
        var page = await server.PageAsync();
        var response = await page.GotoAsync("/public/flow-charts");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("执法流程图");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("svg.flow-chart")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("svg[data-procedure=general] g[data-step=defence] text.limit"))
            .ToHaveTextAsync("时限 5 个工作日：收到告知书后陈述、申辩（《行政处罚法》第45条）");
        await Assertions.Expect(page.Locator("svg[data-procedure=fast-track]")).ToContainTextAsync("48 小时");
        await Assertions.Expect(page.Locator("svg[data-procedure=petition] title")).ToHaveTextAsync("执法流程图：信访事项办理（《信访工作条例》第22–36条）");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("flow-charts.zh-CN");

        await page.GotoAsync("/public/flow-charts/general");
        await Assertions.Expect(page.Locator("svg.flow-chart")).ToHaveCountAsync(1);
        await page.Locator("svg.flow-chart").ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, "flow-chart.general.zh-CN.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Enforcement flow charts");
        await Assertions.Expect(page.Locator("svg[data-procedure=general]")).ToContainTextAsync("Limit 90 days: Decide from filing (Administrative Penalty Law Art. 60)");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("flow-charts.en");

        Assert.Equal(404, (await page.GotoAsync("/public/flow-charts/no-such-procedure"))!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task published_decisions_show_masked_with_their_proofs_and_nothing_withdrawn_or_unpublished_leaks_State_Council_2018_118_Penalty_Law_Art_48()
    {
        var staff = await server.NewStaffAsync();
        var (shownId, withdrawnId, unpublishedId) = (PublicScenarios.NewIdNumber(), PublicScenarios.NewIdNumber(), PublicScenarios.NewIdNumber());
        var shown = await server.CitizenCaseAsync(staff, "欧阳明辉", shownId, publish: true);
        var withdrawn = await server.CitizenCaseAsync(staff, "司马撤回", withdrawnId, publish: true, withdraw: true);
        var unpublished = await server.CitizenCaseAsync(staff, "诸葛未公", unpublishedId, publish: false);
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();

        var page = await server.PageAsync();
        var response = await page.GotoAsync("/public/publicity");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("行政处罚决定公示");
        var row = page.Locator($"tr[data-case='{shown}']");
        await Assertions.Expect(row).ToContainTextAsync("欧*");
        await Assertions.Expect(row).ToContainTextAsync("370102***********X");
        await Assertions.Expect(row).ToContainTextAsync("罚款人民币 5,000 元");
        await Assertions.Expect(row).ToContainTextAsync("已核验：在检查点中");
        await Assertions.Expect(page.Locator("td .ok, .ok").First).ToBeVisibleAsync();

        var source = await page.ContentAsync();
        foreach (var secret in new[] { "欧阳明辉", shownId, "司马撤回", withdrawnId, withdrawn, "诸葛未公", unpublishedId, unpublished, "13912345678" })
            Assert.DoesNotContain(secret, source);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("publicity.zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Published penalty decisions");
        await Assertions.Expect(page.Locator($"tr[data-case='{shown}']")).ToContainTextAsync("Verified: in the checkpoint");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("publicity.en");
        await page.Context.CloseAsync();

        // The JSON, with no token: the same list, its proofs checkable offline.
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var text = await anonymous.GetStringAsync("/public/publicity.json");
        foreach (var secret in new[] { "欧阳明辉", shownId, withdrawn, withdrawnId, unpublished, unpublishedId, "13912345678" })
            Assert.DoesNotContain(secret, text);
        var json = JsonNode.Parse(text)!;
        var entry = json["decisions"]!.AsArray().Single(d => (string?)d!["caseId"] == shown)!;
        Assert.Equal("欧*", (string?)entry["party"]);
        Assert.True((bool)entry["inclusion"]!["verified"]!);
        Assert.True((bool)json["checkpoint"]!["signatureVerified"]!);
        var proof = new InclusionProof((long)entry["publicationEvent"]!["sequence"]!, (long)entry["inclusion"]!["leafIndex"]!, (long)entry["inclusion"]!["treeSize"]!,
            (string)entry["inclusion"]!["chainHash"]!, (string)entry["inclusion"]!["leafHash"]!,
            [.. entry["inclusion"]!["auditPath"]!.AsArray().Select(h => (string)h!)], (string)json["checkpoint"]!["rootHash"]!);
        Assert.True(CaseLedger.Publicity.PublishedDecisions.Verifies(proof));
        Assert.True(CheckpointKey.Verify((string)json["checkpoint"]!["publicKey"]!, System.Text.Encoding.UTF8.GetBytes((string)json["checkpoint"]!["statement"]!),
            (string)json["checkpoint"]!["signature"]!));
    }

    [Fact]
    public async Task every_published_decision_is_reached_page_by_page_once_in_a_stable_order_each_with_its_proof()
    {
        var staff = await server.NewStaffAsync();
        var ours = new List<string>();
        for (var i = 0; i < 5; i++)
            ours.Add(await server.CitizenCaseAsync(staff, $"翻页{i}", PublicScenarios.NewIdNumber(), publish: true));
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();

        // The JSON, two a page, followed by its 'next' to the end.
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var seen = new List<(string PublishedOn, string CaseId)>();
        var pages = 0;
        for (var next = "/public/publicity.json?limit=2"; next is not null; pages++)
        {
            var json = JsonNode.Parse(await anonymous.GetStringAsync(next))!;
            var decisions = json["decisions"]!.AsArray();
            Assert.InRange(decisions.Count, 1, 2);
            Assert.All(decisions, d => Assert.True((bool)d!["inclusion"]!["verified"]!));
            seen.AddRange(decisions.Select(d => ((string)d!["publishedOn"]!, (string)d["caseId"]!)));
            next = (string?)json["next"];
        }
        Assert.True(pages >= 3);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(ours, id => Assert.Single(seen, e => e.CaseId == id));
        // Newest publication first, then by case id, as the list is kept.
        Assert.Equal(seen, [.. seen.OrderByDescending(e => e.PublishedOn, StringComparer.Ordinal).ThenBy(e => e.CaseId, StringComparer.Ordinal)]);
        await (await anonymous.GetAsync("/public/publicity.json?after=not-a-cursor")).AssertProblemAsync(400, "validation-failed");
        await (await anonymous.GetAsync("/public/publicity.json?limit=101")).AssertProblemAsync(400, "validation-failed");

        // The page, two a page: the next page's link leads to the entries after.
        var page = await server.PageAsync();
        await page.GotoAsync("/public/publicity?limit=2");
        await Assertions.Expect(page.Locator("table.publicity tbody tr")).ToHaveCountAsync(2);
        var first = await page.Locator("table.publicity tbody tr").First.GetAttributeAsync("data-case");
        Assert.Equal(seen[0].CaseId, first);
        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.publicity tbody tr").First).ToHaveAttributeAsync("data-case", seen[2].CaseId);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "第一页" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("publicity.page-2");
        await page.Context.CloseAsync();
    }
}
