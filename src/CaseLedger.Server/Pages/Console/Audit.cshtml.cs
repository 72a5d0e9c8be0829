using System.Text;
using CaseLedger.Audit;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// The auditor's page: the latest signed checkpoint (<c>GET /api/audit/checkpoints</c>), a verification run with its findings
/// per stream (<c>GET /api/audit/verify</c>: one case within the reader's scope, the whole log for who reads every agency), and
/// a case's export to download, as <c>caseledger export</c> writes it (a POST: the export signs a fresh checkpoint).
/// </summary>
public sealed class AuditModel(IQuerySession session, CheckpointService checkpoints, AuditService auditor, ExportBuilder exports) : ConsolePage
{
    private const string VerifyRoute = "/api/audit/verify";

    public Checkpoint? Latest { get; private set; }
    public AuditReport? Report { get; private set; }
    public bool ReadsAll => Authorization.ListScope(Actor).All;

    [BindProperty(SupportsGet = true)] public string? CaseId { get; set; }

    public async Task<IActionResult> OnGetAsync(bool? all)
    {
        var ct = HttpContext.RequestAborted;
        Latest = await checkpoints.LatestAsync(ct);
        if (CaseId is { Length: > 0 })
        {
            if (await RefusedForCaseAsync() is { } refused) return refused;
            Report = await auditor.VerifyAsync(CaseId, ct);
        }
        else if (all == true)
        {
            if (Refused(VerifyRoute) is { } refused) return refused;
            if (!ReadsAll) return Refuse(Authorization.Forbidden($"'{Actor.Id}' does not read every agency: verify one case"));
            Report = await auditor.VerifyAsync(null, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync()
    {
        if (await RefusedForCaseAsync() is { } refused) return refused;
        var export = await exports.BuildAsync(CaseId, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(ExportBuilder.Write(export)), "application/json", $"{CaseId}.json");
    }

    private async Task<IActionResult?> RefusedForCaseAsync()
    {
        if (Refused(VerifyRoute) is { } refused) return refused;
        var events = CaseId is { Length: > 0 } id && StreamKeys.IsCaseId(id) ? await Replay.EventsAsync(session, id, null, 1, HttpContext.RequestAborted) : [];
        if (Replay.AgencyOf(events) is not { } agency) return NotFound($"Case '{CaseId}' does not exist.");
        return Refused(VerifyRoute, agency);
    }
}
