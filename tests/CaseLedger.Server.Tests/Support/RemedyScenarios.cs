using System.Text.Json.Nodes;

namespace CaseLedger.Server.Tests.Support;

/// <summary>The staff of a reconsideration body: qualified staff and the head who decides.</summary>
public sealed record ReconsiderationBody(string BodyId, string Staff1, string Staff2, string Head);

/// <summary>Scenario builders for reconsideration, litigation and petitions over HTTP.</summary>
public static class RemedyScenarios
{
    public static async Task<ReconsiderationBody> ReconsiderationBodyAsync(this ServerFixture server)
    {
        var body = await server.AgencyAsync();
        return new ReconsiderationBody(
            body,
            (await server.OfficerAsync(body, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            (await server.OfficerAsync(body, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            (await server.OfficerAsync(body, roles: ["agency-head", "reconsideration-staff"], qualified: true, certified: false)).Id);
    }

    /// <summary>A 5,000-yuan fine on an organisation: notice 2025-01-24, waiver 01-27, decided 01-28, served 01-29, published 01-30.</summary>
    public static async Task<string> PublishedCaseAsync(this ServerFixture server, AgencyStaff staff)
    {
        var caseId = await server.NotifiedCaseAsync(staff, fine: 5_000m);
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        await server.OkAsync(caseId, "waive-rights", new { on = "2025-01-27", officers = investigators });
        await server.OkAsync(caseId, "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = 5_000m } },
            discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法" },
            decidedBy = staff.Head,
            decidedOn = "2025-01-28",
        });
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-01-29", method = "direct", electronicConsent = false, officers = investigators });
        await server.OkAsync(caseId, "publish-decision", new { publishedOn = "2025-01-30", channel = "信用中国（山东）" });
        return caseId;
    }

    public static async Task<JsonNode> RemedyOkAsync(this ServerFixture server, string kind, string id, string command, object body) =>
        await (await server.Client().PostJsonAsync($"/api/{kind}/{id}/{command}", body)).AssertOkAsync();

    public static Task<HttpResponseMessage> RemedyCommandAsync(this ServerFixture server, string kind, string id, string command, object body) =>
        server.Client().PostJsonAsync($"/api/{kind}/{id}/{command}", body);

    public static async Task<JsonNode> GetAsync(this ServerFixture server, string url) =>
        await (await server.Client().GetAsync(url)).AssertOkAsync();
}
