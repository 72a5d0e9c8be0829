using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>A review queue (<c>GET /api/queues/{queue}</c>) of an agency, a page at a time, each row linking to its case.</summary>
public sealed class QueuesModel(ReadSide reads, IClock clock) : ConsolePage
{
    public const int PageSize = 50;

    public ReviewQueuePage? Queue { get; private set; }
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public int Offset { get; set; }

    public string Name { get; private set; } = ReviewQueues.LegalReview;

    public async Task<IActionResult> OnGetAsync(string? queue)
    {
        if (await RebuildingAsync() is { } rebuilding) return rebuilding;
        // Lists over many cases read the read side (a replica when there is one; docs/operations.md §4).
        await using var session = reads.Lagging();
        // With regions, the list fans out over the regions' databases it may cover (the register's agencies stay in the first).
        await using var sessions = reads.LaggingEverywhere(Agency is { Length: > 0 } ? Agency : null);
        Name = queue ?? ReviewQueues.LegalReview;
        if (Refused("/api/queues/{queue}") is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var scope = Authorization.ListScope(Actor);
        Agencies = await ConsoleAgencies.ReadableAsync(session, scope, ct);
        var answer = await ReviewQueueQuery.ReadAsync(sessions.All, scope, new ReviewQueueFilter(Name, Agency is { Length: > 0 } ? Agency : null, Offset, PageSize),
            AgencyZone.Today(clock.GetCurrentInstant()), ct);
        if (answer.Refusal is { Code: RefusalCodes.Forbidden } forbidden) return Refuse(forbidden);
        if (answer.Refusal is { Code: RefusalCodes.NotFound } missing) return NotFound(missing.Message);
        if (answer.Refusal is { } invalid)
        {
            Problem = $"{invalid.Code}: {invalid.Message}";
            Response.StatusCode = 400;
        }
        Queue = answer.Value;
        return Page();
    }

    public string Link(string queue, int offset = 0) =>
        $"/console/queues/{Uri.EscapeDataString(queue)}?agency={Uri.EscapeDataString(Agency ?? "")}&offset={offset}";
}
