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
        var head = await server.OfficerAsync(body, roles: ["agency-head", "reconsideration-staff"], qualified: true, certified: false);
        Recorders.Register(server, body, head.Token);
        return new ReconsiderationBody(
            body,
            (await server.OfficerAsync(body, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            (await server.OfficerAsync(body, roles: ["reconsideration-staff"], qualified: true, certified: false)).Id,
            head.Id);
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

    /// <summary>The applicant knew of the decision on 2025-03-10 without notice of the right (one year, 行政复议法 Art. 20); the body is an agency of the register.</summary>
    public static async Task<string> ApplyForReconsiderationAsync(this ServerFixture server, string caseId, ReconsiderationBody body, string appliedOn)
    {
        var applied = await (await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/reconsiderations", new
        {
            caseId,
            applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10",
            appliedOn,
            remedyNoticeGiven = false,
            body = body.BodyId,
            request = "撤销行政处罚决定",
            receivedBy = new[] { body.Staff1 },
        })).AssertOkAsync(201);
        return (string)applied["reconsiderationId"]!;
    }

    /// <summary>A reconsideration applied for on 2026-02-03, accepted 02-04, copied 02-05 and answered by the respondent 02-06.</summary>
    public static async Task<string> RepliedReconsiderationAsync(this ServerFixture server, string caseId, ReconsiderationBody body)
    {
        var id = await server.ApplyForReconsiderationAsync(caseId, body, "2026-02-03");
        await server.RemedyOkAsync("reconsiderations", id, "accept", new { acceptedOn = "2026-02-04", staff = new[] { body.Staff1 } });
        await server.RemedyOkAsync("reconsiderations", id, "send-copy", new { sentOn = "2026-02-05", staff = new[] { body.Staff1 } });
        await server.RemedyOkAsync("reconsiderations", id, "submit-reply", new { repliedOn = "2026-02-06", replySha256 = CaseScenarios.Hash, staff = new[] { body.Staff1 } });
        return id;
    }

    /// <summary>The board's rows of one proceeding (penalty case, reconsideration, suit or petition) for a status.</summary>
    public static async Task<IReadOnlyList<JsonNode>> ProceedingRowsAsync(this ServerFixture server, string agencyId, string id, string status)
    {
        var board = await server.GetAsync($"/api/deadlines?status={status}&agency={agencyId}&limit=1000");
        return [.. board["deadlines"]!.AsArray().Where(r => (string?)r!["id"] == id).Select(r => r!)];
    }

    /// <summary>A step on a linked proceeding, recorded by the head of its acting agency unless told otherwise (<see cref="Recorders"/>).</summary>
    public static async Task<JsonNode> RemedyOkAsync(this ServerFixture server, string kind, string id, string command, object body,
        string? token = Recorders.Acting) =>
        await (await server.RemedyCommandAsync(kind, id, command, body, token)).AssertOkAsync();

    public static async Task<HttpResponseMessage> RemedyCommandAsync(this ServerFixture server, string kind, string id, string command, object body,
        string? token = Recorders.Acting) =>
        await server.Client(await Recorders.ForProceedingAsync(server, kind, id, token)).PostJsonAsync($"/api/{kind}/{id}/{command}", body);

    public static async Task<JsonNode> GetAsync(this ServerFixture server, string url) =>
        await (await server.Client().GetAsync(url)).AssertOkAsync();
}
