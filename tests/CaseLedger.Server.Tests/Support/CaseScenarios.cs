using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;

namespace CaseLedger.Server.Tests.Support;

/// <summary>An agency with the staff a general-procedure case needs, all certified 2024–2027, and each one's API token.</summary>
public sealed record AgencyStaff(
    string AgencyId,
    string Investigator1,
    string Investigator2,
    string Head,
    string Reviewer,
    string Presider,
    string Auxiliary,
    string DeputyHead,
    IReadOnlyDictionary<string, string> Tokens)
{
    public string[] Investigators => [Investigator1, Investigator2];

    public string TokenOf(string officerId) => Tokens[officerId];
}

/// <summary>The business dates of the general-procedure scenarios (2025, counted on the official 2025 calendar).</summary>
public static class CaseDates
{
    public const string ActEnded = "2024-12-20";
    public const string Discovered = "2025-01-06";
    public const string Filed = "2025-01-08";
    public const string Concluded = "2025-01-20";
    /// <summary>A Friday before the Spring Festival: 5 working days later is 2025-02-07 (Jan 26 is a make-up working Sunday).</summary>
    public const string Notified = "2025-01-24";
    public const string DefenceDue = "2025-02-07";
    public const string HearingRequested = "2025-01-27";
    public const string HearingNoticeServed = "2025-02-05";
    /// <summary>The 7th working day after 2025-02-05 (Feb 8 is a make-up working Saturday).</summary>
    public const string Hearing = "2025-02-13";
    public const string ReviewRequested = "2025-02-14";
    public const string Reviewed = "2025-02-17";
    public const string Discussed = "2025-02-18";
    public const string Decided = "2025-02-19";
    public const string Served = "2025-02-20";
}

/// <summary>Scenario builders for penalty cases over HTTP, recorded by the case agency's head for the officers a step names unless told otherwise (<see cref="Recorders"/>).</summary>
public static class CaseScenarios
{
    public const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static readonly object Discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法，货值较小" };

    public static object Fine(decimal amount) => new[] { new { kind = "fine", amount } };

    private static readonly ConditionalWeakTable<ServerFixture, ConcurrentDictionary<string, Lazy<Task<AgencyStaff>>>> Staff = [];

    /// <summary>
    /// The agency and staff of this test class for the policy (default: no fast track, hearing from 10,000 / 100,000 yuan).
    /// Registered once per class and policy, since no test changes them; tests isolate themselves by fresh case ids
    /// and register any officer whose certificate they change.
    /// </summary>
    public static Task<AgencyStaff> StaffAsync(this ServerFixture server, object? policy = null) =>
        Staff.GetOrCreateValue(server)
            .GetOrAdd(JsonSerializer.Serialize(policy), _ => new Lazy<Task<AgencyStaff>>(() => server.NewStaffAsync(policy)))
            .Value;

    public static async Task<AgencyStaff> NewStaffAsync(this ServerFixture server, object? policy = null, string? agencyId = null)
    {
        var agency = await server.AgencyAsync(policy, agencyId);
        // Independent streams: registered side by side to keep the set-up short.
        var staff = await Task.WhenAll(
            server.OfficerAsync(agency),
            server.OfficerAsync(agency),
            server.OfficerAsync(agency, roles: ["agency-head", "enforcement-officer"]),
            server.OfficerAsync(agency, roles: ["legal-reviewer"], qualified: true),
            server.OfficerAsync(agency, roles: ["hearing-presider", "enforcement-officer"], qualified: true),
            server.OfficerAsync(agency, roles: ["auxiliary"], certified: false),
            server.OfficerAsync(agency, roles: ["agency-head", "enforcement-officer"]));
        Recorders.Register(server, agency, staff[2].Token);
        return new AgencyStaff(agency, staff[0].Id, staff[1].Id, staff[2].Id, staff[3].Id, staff[4].Id, staff[5].Id, staff[6].Id,
            staff.ToDictionary(s => s.Id, s => s.Token));
    }

    public static async Task<string> LeadAsync(this ServerFixture server, AgencyStaff staff, string discoveredOn = CaseDates.Discovered,
        string partyKind = "organisation", string procedure = "general", string actEndedOn = CaseDates.ActEnded, string category = "ordinary",
        string? token = Recorders.Acting, bool harmCaused = false)
    {
        // The lead investigator registers the lead (one of the officers it names).
        var answer = await (await server.Client(token == Recorders.Acting ? staff.TokenOf(staff.Investigator1) : token).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId,
            procedure,
            party = partyKind == "citizen"
                ? new { kind = partyKind, name = "王某", idNumber = "370102199001011234" }
                : new { kind = partyKind, name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            violation = new { description = "销售过期食品", actEndedOn, continuing = false, category, harmCaused },
            source = "complaint hotline 12315",
            discoveredOn,
            officers = staff.Investigators,
        })).AssertOkAsync(201);
        var caseId = (string)answer["caseId"]!;
        Recorders.Opened(caseId, staff.AgencyId);
        return caseId;
    }

    public static async Task<HttpResponseMessage> CommandAsync(this ServerFixture server, string caseId, string command, object body,
        string? token = Recorders.Acting, params (string Name, string Value)[] headers) =>
        await server.Client(await Recorders.ForCaseAsync(server, caseId, token)).PostJsonAsync($"/api/cases/{caseId}/{command}", body, headers);

    public static async Task<JsonNode> OkAsync(this ServerFixture server, string caseId, string command, object body,
        string? token = Recorders.Acting) =>
        await (await server.CommandAsync(caseId, command, body, token)).AssertOkAsync();

    /// <summary>The stream's version in the store (null: no such stream).</summary>
    public static async Task<long?> VersionAsync(this ServerFixture server, string caseId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(caseId))?.Version;
    }

    /// <summary>Runs a command that must be refused with <paramref name="code"/> and asserts that nothing was appended.</summary>
    public static async Task<JsonNode> AssertRefusedAsync(this ServerFixture server, string caseId, string command, object body, string code,
        int status = 422, string? token = Recorders.Acting, params (string Name, string Value)[] headers)
    {
        var before = await server.VersionAsync(caseId);
        var problem = await (await server.CommandAsync(caseId, command, body, token, headers)).AssertProblemAsync(status, code);
        Assert.Equal(before, await server.VersionAsync(caseId));
        return problem;
    }

    public static async Task<JsonNode> SummaryAsync(this ServerFixture server, string caseId) =>
        await (await server.Client().GetAsync($"/api/cases/{caseId}")).AssertOkAsync();

    public static JsonNode Deadline(this JsonNode summary, string key) =>
        summary["deadlines"]!.AsArray().SingleOrDefault(d => (string?)d!["key"] == key)
        ?? throw new Xunit.Sdk.XunitException($"No deadline '{key}' in {summary["deadlines"]!.ToJsonString()}");

    /// <summary>Filed on 2025-01-08 by the head with the two investigators.</summary>
    public static async Task<string> FiledCaseAsync(this ServerFixture server, AgencyStaff staff, string partyKind = "organisation",
        string procedure = "general")
    {
        var caseId = await server.LeadAsync(staff, partyKind: partyKind, procedure: procedure);
        await server.OkAsync(caseId, "file", new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 });
        return caseId;
    }

    /// <summary>Filed, two pieces of evidence, investigation concluded on 2025-01-20 proposing <paramref name="fine"/>.</summary>
    public static async Task<string> ConcludedCaseAsync(this ServerFixture server, AgencyStaff staff, decimal fine, bool major = false,
        string partyKind = "organisation")
    {
        var caseId = await server.FiledCaseAsync(staff, partyKind);
        await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = Hash });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "interview-record", description = "询问笔录", officers = staff.Investigators, collectedOn = "2025-01-10", mediaSha256 = Hash });
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty",
            proposedPenalties = Fine(fine),
            discretion = Discretion,
            major,
            complex = false,
            concludedOn = CaseDates.Concluded,
            officers = staff.Investigators,
        });
        return caseId;
    }

    /// <summary>Concluded, and the notice of the proposed fine served on <paramref name="noticeOn"/> (defence until 2025-02-07).</summary>
    public static async Task<string> NotifiedCaseAsync(this ServerFixture server, AgencyStaff staff, decimal fine, string noticeOn = CaseDates.Notified,
        bool major = false)
    {
        var caseId = await server.ConcludedCaseAsync(staff, fine, major);
        await server.OkAsync(caseId, "serve-penalty-notice", new { proposedPenalties = Fine(fine), servedOn = noticeOn, method = "direct", officers = staff.Investigators });
        return caseId;
    }

    /// <summary>A major case proposing 150,000 yuan (above the organisation hearing threshold); the party asked for a hearing in time.</summary>
    public static async Task<string> CaseWithHearingRequestedAsync(this ServerFixture server, AgencyStaff staff, decimal fine = 150_000m)
    {
        var caseId = await server.NotifiedCaseAsync(staff, fine, major: true);
        await server.OkAsync(caseId, "request-hearing", new { requestedOn = CaseDates.HearingRequested });
        return caseId;
    }

    public static async Task<string> CaseWithHearingHeldAsync(this ServerFixture server, AgencyStaff staff, decimal fine = 150_000m)
    {
        var caseId = await server.CaseWithHearingRequestedAsync(staff, fine);
        await server.OkAsync(caseId, "schedule-hearing", new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed, place = "第一听证室" });
        await server.OkAsync(caseId, "hold-hearing", new { heldOn = CaseDates.Hearing, presiderId = staff.Presider, partyAppeared = true, transcriptSha256 = Hash });
        return caseId;
    }

    public static async Task<string> CaseWithPassedLegalReviewAsync(this ServerFixture server, AgencyStaff staff, decimal fine = 150_000m)
    {
        var caseId = await server.CaseWithHearingHeldAsync(staff, fine);
        await server.OkAsync(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } });
        await server.OkAsync(caseId, "complete-legal-review", new { reviewerId = staff.Reviewer, outcome = "passed", opinion = "事实清楚，证据确凿，程序合法", on = CaseDates.Reviewed });
        return caseId;
    }

    /// <summary>A minor case: 50,000 yuan on an organisation (no hearing, no review), decided on 2025-02-10 after the defence period.</summary>
    public static async Task<string> DecidedCaseAsync(this ServerFixture server, AgencyStaff staff, decimal fine = 50_000m)
    {
        var caseId = await server.NotifiedCaseAsync(staff, fine);
        await server.OkAsync(caseId, "decide", new { outcome = "penalty", penalties = Fine(fine), discretion = Discretion, decidedBy = staff.Head, decidedOn = "2025-02-10" });
        return caseId;
    }

    /// <summary>Decided and served directly on 2025-02-11: the fine is due on 2025-02-26.</summary>
    public static async Task<string> CaseWithServedDecisionAsync(this ServerFixture server, AgencyStaff staff, decimal fine = 50_000m)
    {
        var caseId = await server.DecidedCaseAsync(staff, fine);
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-02-11", method = "direct", electronicConsent = false, officers = staff.Investigators });
        return caseId;
    }

    /// <summary>A fast-track case filed on <paramref name="on"/>; the party arrived at <paramref name="arrivedAt"/> and signed the consent.</summary>
    public static async Task<string> FastTrackCaseWithConsentAsync(this ServerFixture server, AgencyStaff staff, string arrivedAt, string on)
    {
        var caseId = await server.LeadAsync(staff, discoveredOn: on, actEndedOn: on, procedure: "fast-track");
        await server.OkAsync(caseId, "file", new { filedOn = on, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "consent-to-fast-track", new { consentSha256 = Hash, arrivedAt, on, officers = staff.Investigators });
        return caseId;
    }

    /// <summary>
    /// A simplified-procedure case: a citizen caught on 2026-02-27 (a Friday before a make-up working Saturday), heard on
    /// the spot (statement and defence recorded, Arts. 44, 52) unless <paramref name="heard"/> is false.
    /// </summary>
    public static async Task<string> OnTheSpotLeadAsync(this ServerFixture server, AgencyStaff staff, string partyKind = "citizen", bool heard = true)
    {
        var caseId = await server.LeadAsync(staff, discoveredOn: "2026-02-27", actEndedOn: "2026-02-27", partyKind: partyKind, procedure: "simplified");
        if (heard) await server.OkAsync(caseId, "record-statement", HeardOnTheSpot(staff));
        return caseId;
    }

    /// <summary>The party's statement and defence on the spot with the officer's re-examination of each point.</summary>
    public static object HeardOnTheSpot(AgencyStaff staff) => new
    {
        submittedOn = "2026-02-27",
        points = new[] { new { point = "招牌刚刚放出来", reexamination = "现场照片显示已摆放一周", adopted = false } },
        officers = new[] { staff.Investigator1 },
    };

    public static object OnTheSpot(AgencyStaff staff, decimal fine, string formNumber = "鲁市监简 No. 000123") =>
        new { penalty = new { kind = "fine", amount = fine }, formNumber, officerId = staff.Investigator1, on = "2026-02-27", discretion = Discretion };
}
