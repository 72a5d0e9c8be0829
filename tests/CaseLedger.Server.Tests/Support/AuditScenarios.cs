using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Cli.Audit;
using CaseLedger.Domain;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Penalty;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CaseLedger.Server.Tests.Support;

/// <summary>Histories written around the engine, as a careless import or a hand in the database would, and the audit of them.</summary>
public static class AuditScenarios
{
    /// <summary>
    /// Appends events straight into the store, past every command rule, chained as the pipeline would chain
    /// them: only the procedure audit can tell them apart.
    /// </summary>
    public static async Task AppendAroundTheRulesAsync(this ServerFixture server, string stream, params object[] events)
    {
        await using var session = server.Store.LightweightSession();
        session.LastModifiedBy = "admin";
        var version = (await session.Events.FetchStreamStateAsync(stream))?.Version ?? 0;
        var action = session.Events.Append(stream, version + events.Length, events);
        await EventChain.SealAsync(session, stream, version, action.Events, "admin", server.Clock.GetCurrentInstant(), CancellationToken.None);
        await session.SaveChangesAsync();
    }

    /// <summary>Filed 2025-01-08, evidence, investigation concluded on 2025-01-20 with a fine; the notice is served only when asked.</summary>
    public static async Task<string> ConcludedForAuditAsync(this ServerFixture server, AgencyStaff staff, decimal fine, bool major = false, bool notice = false)
    {
        var caseId = await server.LeadAsync(staff);
        string[] investigators = [staff.Investigator1, staff.Investigator2];
        await server.OkAsync(caseId, "file", new { filedOn = "2025-01-08", approvedBy = staff.Head, officers = investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty",
            proposedPenalties = new[] { new { kind = "fine", amount = fine } },
            discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法，货值较小" },
            major,
            complex = false,
            concludedOn = "2025-01-20",
            officers = investigators,
        });
        if (notice)
            await server.OkAsync(caseId, "serve-penalty-notice", new
            {
                proposedPenalties = new[] { new { kind = "fine", amount = fine } },
                servedOn = "2025-01-24",
                method = "direct",
                officers = investigators,
            });
        return caseId;
    }

    public static DecisionMade Decision(string caseId, AgencyStaff staff, decimal fine, string decidedOn = "2025-02-20") => new(
        caseId, "D-1", InvestigationOutcome.Penalty, [new PenaltyTerm(PenaltyKind.Fine, fine)],
        new Discretion("食品安全法 Art. 124 基准 3", "ordinary", "首次违法"), staff.Head, NodaTime.Text.LocalDatePattern.Iso.Parse(decidedOn).Value, null,
        [new OfficerSignature(staff.Head, $"SD-{staff.Head}", SignatureCapacity.Decider)], [], "admin");

    public static async Task<AuditReport> AuditAsync(this ServerFixture server, string? caseId = null) =>
        await server.App.Services.GetRequiredService<AuditService>().VerifyAsync(caseId);

    public static IReadOnlyList<Finding> FindingsOf(this AuditReport report, string stream) =>
        report.Streams.Single(s => s.Stream == stream).Findings;

    /// <summary>
    /// The whole store audited as an auditor would: by <c>caseledger audit --json</c> and by <c>GET /api/audit/verify</c>.
    /// Both must finish (no crash, no 5xx) and report the same findings, which are returned.
    /// </summary>
    public static async Task<IReadOnlyList<Finding>> AuditBothWaysAsync(this ServerFixture server)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        var exit = await AuditCommands.AuditAsync(server.App.Services, new AuditSettings { Json = true }, console);
        var cli = Findings(JsonNode.Parse(output.ToString())!);
        Assert.Equal(cli.Count == 0 ? AuditCommands.Clean : AuditCommands.Findings, exit);

        var http = Findings(await (await server.Client().GetAsync("/api/audit/verify")).AssertOkAsync());
        Assert.Equal(cli, http);
        return cli;
    }

    /// <summary>The findings of one stream, audited both ways (<see cref="AuditBothWaysAsync"/>).</summary>
    public static async Task<IReadOnlyList<Finding>> AuditBothWaysAsync(this ServerFixture server, string stream) =>
        [.. (await server.AuditBothWaysAsync()).Where(f => f.Stream == stream)];

    private static List<Finding> Findings(JsonNode report) =>
        [.. report["streams"]!.AsArray().SelectMany(s => s!["findings"]!.AsArray())
            .Select(f => f.Deserialize<Finding>(CaseLedger.Json.CaseLedgerJson.Responses)!)];

    public static async Task<JsonNode> VerifyOverHttpAsync(this ServerFixture server, string caseId) =>
        await (await server.Client().GetAsync($"/api/audit/verify?caseId={caseId}")).AssertOkAsync();
}
