using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Tests.Support;

/// <summary>Scenario builders and readers for the supervision views; business dates follow the fake clock.</summary>
public static class SupervisionScenarios
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    /// <summary>Sets the clock to 10:00 in Shanghai on <paramref name="date"/>.</summary>
    public static void On(this ServerFixture server, string date) =>
        server.Clock.Reset(Date(date).At(new LocalTime(10, 0)).InZoneStrictly(Shanghai).ToInstant());

    /// <summary>Lead, filing, evidence and conclusion, each on <paramref name="on"/> (clock moved there): a case under investigation.</summary>
    public static async Task<string> ConcludedCaseAsync(this ServerFixture server, AgencyStaff staff, decimal fine, string on, bool major = false)
    {
        server.On(on);
        var caseId = await server.LeadAsync(staff, discoveredOn: on);
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        await server.OkAsync(caseId, "file", new { filedOn = on, approvedBy = staff.Head, officers = investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = investigators, collectedOn = on, mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty",
            proposedPenalties = new[] { new { kind = "fine", amount = fine } },
            discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法，货值较小" },
            major,
            complex = false,
            concludedOn = on,
            officers = investigators,
        });
        return caseId;
    }

    /// <summary>Lead, filing and preservation of evidence on <paramref name="on"/>: the agency owes a handling decision in 7 working days (Art. 56).</summary>
    public static async Task<string> PreservedCaseAsync(this ServerFixture server, AgencyStaff staff, string on)
    {
        server.On(on);
        var caseId = await server.LeadAsync(staff, discoveredOn: on);
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        await server.OkAsync(caseId, "file", new { filedOn = on, approvedBy = staff.Head, officers = investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "preserve-evidence", new { description = "涉案食品 20 箱", approvedBy = staff.Head, officers = investigators, on, mediaSha256 = CaseScenarios.Hash });
        return caseId;
    }

    public static Task<JsonNode> NoticeAsync(this ServerFixture server, AgencyStaff staff, string caseId, decimal fine, string on)
    {
        server.On(on);
        return server.OkAsync(caseId, "serve-penalty-notice", new
        {
            proposedPenalties = new[] { new { kind = "fine", amount = fine } },
            servedOn = on,
            method = "direct",
            officers = new[] { staff.Investigator1, staff.Investigator2 },
        });
    }

    /// <summary>Runs a command with the clock moved to its business date.</summary>
    public static Task<JsonNode> StepAsync(this ServerFixture server, string caseId, string on, string command, object body)
    {
        server.On(on);
        return server.OkAsync(caseId, command, body);
    }

    public static async Task<JsonNode> GetOkAsync(this ServerFixture server, string url, string? token = ServerFixture.AdminToken) =>
        await (await server.Client(token).GetAsync(url)).AssertOkAsync();

    /// <summary>The board's rows of one case for a status (the agency keeps tests apart).</summary>
    public static async Task<IReadOnlyList<JsonNode>> BoardAsync(this ServerFixture server, AgencyStaff staff, string caseId, string status)
    {
        var board = await server.GetOkAsync($"/api/deadlines?status={status}&agency={staff.AgencyId}&limit=1000");
        return [.. board["deadlines"]!.AsArray().Where(r => (string?)r!["caseId"] == caseId).Select(r => r!)];
    }

    /// <summary>The row of a deadline by its key (a preservation's key is <c>preservation-decision:&lt;id&gt;</c>).</summary>
    public static async Task<JsonNode?> BoardRowAsync(this ServerFixture server, AgencyStaff staff, string caseId, string status, string key) =>
        (await server.BoardAsync(staff, caseId, status)).SingleOrDefault(r => (string?)r["key"] is { } k && (k == key || k.StartsWith(key + ":", StringComparison.Ordinal)));

    /// <summary>The case's row in a review queue, or null.</summary>
    public static async Task<JsonNode?> QueueRowAsync(this ServerFixture server, AgencyStaff staff, string queue, string caseId)
    {
        var answer = await server.GetOkAsync($"/api/queues/{queue}?agency={staff.AgencyId}&limit=1000");
        return answer["cases"]!.AsArray().SingleOrDefault(r => (string?)r!["caseId"] == caseId);
    }

    public static async Task<IReadOnlyList<JsonNode>> EventsOfTypeAsync(this ServerFixture server, string caseId, string type)
    {
        var events = await server.GetOkAsync($"/api/cases/{caseId}/events");
        return [.. events["events"]!.AsArray().Where(e => (string?)e!["type"] == type).Select(e => e!)];
    }
}
