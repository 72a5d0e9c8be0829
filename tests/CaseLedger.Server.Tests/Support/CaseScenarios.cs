using System.Text.Json.Nodes;

namespace CaseLedger.Server.Tests.Support;

/// <summary>An agency with the staff a general-procedure case needs, all certified 2024–2027.</summary>
public sealed record AgencyStaff(
    string AgencyId,
    string Investigator1,
    string Investigator2,
    string Head,
    string Reviewer,
    string Presider,
    string Auxiliary);

/// <summary>Scenario builders for penalty cases over HTTP (as an administrator recording for the officers).</summary>
public static class CaseScenarios
{
    public const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static async Task<AgencyStaff> StaffAsync(this ServerFixture server, object? policy = null)
    {
        var agency = await server.AgencyAsync(policy);
        return new AgencyStaff(
            agency,
            (await server.OfficerAsync(agency)).Id,
            (await server.OfficerAsync(agency)).Id,
            (await server.OfficerAsync(agency, roles: ["agency-head", "enforcement-officer"])).Id,
            (await server.OfficerAsync(agency, roles: ["legal-reviewer"], qualified: true)).Id,
            (await server.OfficerAsync(agency, roles: ["hearing-presider", "enforcement-officer"], qualified: true)).Id,
            (await server.OfficerAsync(agency, roles: ["auxiliary"], certified: false)).Id);
    }

    public static async Task<string> LeadAsync(this ServerFixture server, AgencyStaff staff, string discoveredOn = "2025-01-06",
        string partyKind = "organisation", string procedure = "general")
    {
        var answer = await (await server.Client().PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId,
            procedure,
            party = new { kind = partyKind, name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            violation = new { description = "销售过期食品", actEndedOn = "2024-12-20", continuing = false, category = "ordinary" },
            source = "complaint hotline 12315",
            discoveredOn,
            officers = new[] { staff.Investigator1, staff.Investigator2 },
        })).AssertOkAsync(201);
        return (string)answer["caseId"]!;
    }

    public static Task<HttpResponseMessage> CommandAsync(this ServerFixture server, string caseId, string command, object body) =>
        server.Client().PostJsonAsync($"/api/cases/{caseId}/{command}", body);

    public static async Task<JsonNode> OkAsync(this ServerFixture server, string caseId, string command, object body) =>
        await (await server.CommandAsync(caseId, command, body)).AssertOkAsync();

    /// <summary>Filed 2025-01-08, two pieces of evidence, investigation concluded with a fine, notice served on <paramref name="noticeOn"/>.</summary>
    public static async Task<string> NotifiedCaseAsync(this ServerFixture server, AgencyStaff staff, decimal fine, string noticeOn = "2025-01-24")
    {
        var caseId = await server.LeadAsync(staff);
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        await server.OkAsync(caseId, "file", new { filedOn = "2025-01-08", approvedBy = staff.Head, officers = investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = investigators, collectedOn = "2025-01-09", mediaSha256 = Hash });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "interview-record", description = "询问笔录", officers = investigators, collectedOn = "2025-01-10", mediaSha256 = Hash });
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty",
            proposedPenalties = new[] { new { kind = "fine", amount = fine } },
            discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法，货值较小" },
            major = false,
            complex = false,
            concludedOn = "2025-01-20",
            officers = investigators,
        });
        await server.OkAsync(caseId, "serve-penalty-notice", new
        {
            proposedPenalties = new[] { new { kind = "fine", amount = fine } },
            servedOn = noticeOn,
            method = "direct",
            officers = investigators,
        });
        return caseId;
    }
}
