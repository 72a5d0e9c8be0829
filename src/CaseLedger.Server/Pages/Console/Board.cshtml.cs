using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>The deadline board (<c>GET /api/deadlines</c>): filters by agency, kind, status and days ahead, a page at a time, each row linking to its case.</summary>
public sealed class BoardModel(ReadSide reads, IClock clock) : ConsolePage
{
    public const int PageSize = 50;

    public DeadlineBoardPage? Board { get; private set; }
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = DeadlineBoardFilter.Open;
    [BindProperty(SupportsGet = true)] public int? Within { get; set; }
    [BindProperty(SupportsGet = true)] public int Offset { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await RebuildingAsync() is { } rebuilding) return rebuilding;
        // Lists over many cases read the read side (a replica when there is one; docs/operations.md §4).
        await using var session = reads.Lagging();
        // With regions, the list fans out over the regions' databases it may cover (the register's agencies stay in the first).
        await using var sessions = reads.LaggingEverywhere(Agency is { Length: > 0 } ? Agency : null);
        if (Refused("/api/deadlines") is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var scope = Authorization.ListScope(Actor);
        Agencies = await ConsoleAgencies.ReadableAsync(session, scope, ct);
        var filter = new DeadlineBoardFilter(Agency is { Length: > 0 } ? Agency : null, Kind is { Length: > 0 } ? Kind : null, Status, Within, Offset, PageSize);
        var answer = await DeadlineBoardQuery.ReadAsync(sessions.All, scope, filter, AgencyZone.Today(clock.GetCurrentInstant()), ct);
        if (answer.Refusal is { Code: RefusalCodes.Forbidden } forbidden) return Refuse(forbidden);
        if (answer.Refusal is { } invalid)
        {
            Problem = $"{invalid.Code}: {invalid.Message}";
            Response.StatusCode = invalid.Code == RefusalCodes.NotFound ? 404 : 400;
        }
        Board = answer.Value;
        return Page();
    }

    public string Link(int offset) =>
        $"/console/deadlines?agency={Uri.EscapeDataString(Agency ?? "")}&kind={Uri.EscapeDataString(Kind ?? "")}&status={Uri.EscapeDataString(Status)}&within={Within}&offset={offset}";
}
