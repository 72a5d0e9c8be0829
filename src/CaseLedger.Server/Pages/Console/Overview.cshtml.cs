using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>An agency's figures and their monthly trend as charts (what <c>GET /api/agencies/{agencyId}/figures[/trend]</c> answer); without an agency, the agencies the officer reads.</summary>
public sealed class OverviewModel(ReadSide reads, AgencyFiguresQuery figures, IClock clock) : ConsolePage
{
    public Agency? Agency { get; private set; }

    public AgencyFigures? Figures { get; private set; }

    /// <summary>The figures of the last <see cref="AgencyFiguresQuery.DefaultMonths"/> months (what <c>/figures/trend</c> answers).</summary>
    public AgencyTrend? Trend { get; private set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? agencyId)
    {
        if (await RebuildingAsync() is { } rebuilding) return rebuilding;
        // Lists over many cases read the read side (a replica when there is one; docs/operations.md §4).
        await using var session = reads.Lagging();
        var ct = HttpContext.RequestAborted;
        if (agencyId is null)
        {
            Agencies = await ConsoleAgencies.ReadableAsync(session, Authorization.ListScope(Actor), ct);
            if (Agencies.Count == 1) return LocalRedirect($"/console/overview/{Uri.EscapeDataString(Agencies[0].Id)}");
            return Page();
        }
        if (Refused("/api/agencies/{agencyId}/figures") is { } refused) return refused;
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var answer = await figures.ReadAsync(session, Authorization.ListScope(Actor), agencyId, today, ct);
        if (answer.Refusal is { } refusal) return Refuse(refusal);
        Figures = answer.Value;
        Trend = await figures.TrendAsync(agencyId, today, AgencyFiguresQuery.DefaultMonths, ct);
        Agency = await session.LoadAsync<Agency>(agencyId, ct);
        return Page();
    }
}
