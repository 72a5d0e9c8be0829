using System.Security.Cryptography;
using CaseLedger.Server.Tests.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace CaseLedger.Server.Tests.Console;

/// <summary>
/// The standard documents (执法文书) behind sign-in: rendered from the case, printed to PDF in the browser, and shown as the
/// served document only when their SHA-256 is the one the serving event recorded.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class when_an_officer_prints_a_standard_document(ConsoleFixture server)
{
    [Fact]
    public async Task the_decision_prints_to_pdf_with_the_contents_Art_59_requires_and_says_it_is_not_proven_served()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.CitizenCaseAsync(staff, "王文书", PublicScenarios.NewIdNumber());
        var page = await server.PageAsync();
        await page.SignInAsync(staff.TokenOf(staff.Head));

        await page.GotoAsync($"/console/documents/{caseId}/decision");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("行政处罚决定书");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("无法证明本页即送达的文书");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("document.decision.zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing proves this is the document served");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("document.decision.en");

        var printed = await page.GotoAsync($"/console/documents/{caseId}/decision/print");
        Assert.Equal(200, printed!.Status);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        using var document = PdfDocument.Open(pdf);
        // The CJK font maps some characters to radical forms in the PDF's text: NFKC undoes the Kangxi ones (⽂ for 文), not ⺠ and ⻝.
        var text = string.Concat(document.GetPages().Select(p => p.Text)).Normalize(System.Text.NormalizationForm.FormKC)
            .Replace(" ", "", StringComparison.Ordinal).Replace('⺠', '民').Replace('⻝', '食');
        Assert.Contains("行政处罚决定书", text);
        Assert.Contains("王文书", text);
        Assert.Contains("销售过期食品", text);
        Assert.Contains("现场检查笔录", text);
        Assert.Contains("罚款人民币5,000元", text);
        Assert.Contains("60日内依法申请行政复议", text);
        Assert.Contains("6个月内依法向人民法院提起行政诉讼", text);
        Assert.Contains("无法证明本文书即送达的文书", text);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_document_whose_sha256_the_service_recorded_is_shown_as_the_served_one_byte_for_byte()
    {
        var staff = await server.NewStaffAsync();
        var page = await server.PageAsync();
        await page.SignInAsync(staff.TokenOf(staff.Head));
        string? rendered = null;
        var caseId = await server.CitizenCaseAsync(staff, "李送达", PublicScenarios.NewIdNumber(), servedDocuments: async id =>
        {
            // Before the service: the decision as it will be served, rendered from the case; the officer records its SHA-256 with the service.
            await page.GotoAsync($"/console/documents/{id}/decision");
            rendered = (await page.Locator("tr", new() { HasText = "本页文书的 SHA-256" }).Locator("td").TextContentAsync())!.Trim();
            return [rendered];
        });

        await page.GotoAsync($"/console/documents/{caseId}/decision");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("即送达的文书");
        await page.AssertAccessibleAsync();

        var printed = await page.GotoAsync($"/console/documents/{caseId}/decision/print");
        Assert.Equal(rendered, Convert.ToHexStringLower(SHA256.HashData(await printed!.BodyAsync())));

        // The notice served no hash: it says so, and its print carries the warning.
        await page.GotoAsync($"/console/documents/{caseId}/notice");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("行政处罚事先告知书");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("无法证明");
        await page.GotoAsync($"/console/documents/{caseId}/proof-of-service");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("送达回证");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_officer_of_another_agency_is_refused_and_the_public_is_sent_to_sign_in()
    {
        var (staff, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var caseId = await server.CitizenCaseAsync(staff, "赵保密", PublicScenarios.NewIdNumber());

        var anonymous = await server.PageAsync();
        await anonymous.GotoAsync($"/console/documents/{caseId}/decision/print");
        await Assertions.Expect(anonymous).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        Assert.DoesNotContain("赵保密", await anonymous.ContentAsync());
        await anonymous.Context.CloseAsync();

        var page = await server.PageAsync();
        await page.SignInAsync(other.TokenOf(other.Head));
        foreach (var path in new[] { $"/console/documents/{caseId}/decision", $"/console/documents/{caseId}/decision/print" })
        {
            var refused = await page.GotoAsync(path);
            Assert.Equal(403, refused!.Status);
            Assert.DoesNotContain("赵保密", await page.ContentAsync());
        }
        await page.Context.CloseAsync();
    }
}
