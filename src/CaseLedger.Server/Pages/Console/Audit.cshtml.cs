using System.Text;
using CaseLedger.Audit;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// The auditor's page: the latest signed checkpoint (<c>GET /api/audit/checkpoints</c>), a verification run with its findings
/// per stream (<c>GET /api/audit/verify</c>: one case within the reader's scope, the whole log for who reads every agency), and
/// a case's export to download, as <c>caseledger export</c> writes it (a POST: the export signs a fresh checkpoint). A case of a
/// region is verified and exported from its region's log, against that log's checkpoints.
/// </summary>
public sealed class AuditModel(CheckpointService checkpoints, AuditService auditor, ExportBuilder exports, ReadSide reads,
    RegionAudit regions) : ConsolePage
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
            var region = await reads.RegionHoldingAsync(CaseId, ct);
            Report = await (region is null ? auditor : await regions.AuditorAsync(region, ct)).VerifyAsync(CaseId, ct);
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
        var region = await reads.RegionHoldingAsync(CaseId!, HttpContext.RequestAborted);
        var export = await (region is null ? exports : await regions.ExportsAsync(region)).BuildAsync(CaseId, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(ExportBuilder.Write(export)), "application/json", $"{CaseId}.json");
    }

    private async Task<IActionResult?> RefusedForCaseAsync()
    {
        if (Refused(VerifyRoute) is { } refused) return refused;
        if (CaseId is not { Length: > 0 } id || !StreamKeys.IsCaseId(id)) return NotFound($"Case '{CaseId}' does not exist.");
        await using var held = await reads.CurrentAsync(id, HttpContext.RequestAborted);
        var events = await Replay.EventsAsync(held, id, null, 1, HttpContext.RequestAborted);
        if (Replay.AgencyOf(events) is not { } agency) return NotFound($"Case '{CaseId}' does not exist.");
        return Refused(VerifyRoute, agency);
    }
}
