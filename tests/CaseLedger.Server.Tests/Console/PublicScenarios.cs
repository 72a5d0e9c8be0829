using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Console;

/// <summary>Citizens' cases with a name and identity number of their own, taken as far as publication (or not).</summary>
public static class PublicScenarios
{
    public static string NewIdNumber() => "370102" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "X";

    /// <summary>A citizen fined 5,000 yuan: notice 2025-01-24, waiver 01-27, decided 01-28, served 01-29 (with <paramref name="servedDocuments"/>); published 01-30 when asked.</summary>
    public static async Task<string> CitizenCaseAsync(this ServerFixture server, AgencyStaff staff, string name, string idNumber,
        bool decide = true, bool publish = false, bool withdraw = false, Func<string, Task<string[]>>? servedDocuments = null)
    {
        // The 2025 dates are in the past again: a test of the collection may have set the clock back (replay).
        server.Clock.Reset(NodaTime.Instant.FromUtc(2026, 3, 2, 1, 30));
        var answer = await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId,
            procedure = "general",
            party = new { kind = "citizen", name, idNumber },
            violation = new { description = $"{name}（公民身份号码 {idNumber}，电话 13912345678）在其经营的店铺销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "complaint hotline 12315",
            discoveredOn = CaseDates.Discovered,
            officers = staff.Investigators,
        })).AssertOkAsync(201);
        var caseId = (string)answer["caseId"]!;
        Recorders.Opened(caseId, staff.AgencyId);
        string[] investigators = staff.Investigators;
        await server.OkAsync(caseId, "file", new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty", proposedPenalties = CaseScenarios.Fine(5_000m), discretion = CaseScenarios.Discretion, major = false, complex = false,
            concludedOn = CaseDates.Concluded, officers = investigators,
        });
        await server.OkAsync(caseId, "serve-penalty-notice", new { proposedPenalties = CaseScenarios.Fine(5_000m), servedOn = CaseDates.Notified, method = "direct", officers = investigators });
        await server.OkAsync(caseId, "waive-rights", new { on = "2025-01-27", officers = investigators });
        if (!decide) return caseId;
        await server.OkAsync(caseId, "decide", new
        {
            outcome = "penalty", penalties = CaseScenarios.Fine(5_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-01-28",
        });
        var documents = servedDocuments is null ? [] : await servedDocuments(caseId);
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-01-29", method = "direct", electronicConsent = false, officers = investigators, documents });
        if (!publish) return caseId;
        await server.OkAsync(caseId, "publish-decision", new { publishedOn = "2025-01-30", channel = "信用中国（山东）" });
        if (withdraw) await server.OkAsync(caseId, "withdraw-publication", new { on = "2025-02-03", reason = "决定被复议机关撤销" });
        return caseId;
    }
}
