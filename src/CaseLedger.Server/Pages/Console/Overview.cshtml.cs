using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>An agency's figures (what <c>GET /api/agencies/{agencyId}/figures</c> answers); without an agency, the agencies the officer reads.</summary>
public sealed class OverviewModel(IQuerySession session, SupervisionReads reads, IClock clock) : ConsolePage
{
    public Agency? Agency { get; private set; }

    public AgencyFigures? Figures { get; private set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? agencyId)
    {
        var ct = HttpContext.RequestAborted;
        if (agencyId is null)
        {
            Agencies = await ConsoleAgencies.ReadableAsync(session, Authorization.ListScope(Actor), ct);
            if (Agencies.Count == 1) return LocalRedirect($"/console/overview/{Uri.EscapeDataString(Agencies[0].Id)}");
            return Page();
        }
        Agency = await session.LoadAsync<Agency>(agencyId, ct);
        if (Agency is null) return NotFound($"Agency '{agencyId}' is not registered.");
        if (Refused("/api/agencies/{agencyId}/figures", agencyId) is { } refused) return refused;
        Figures = await reads.FiguresAsync(agencyId, AgencyZone.Today(clock.GetCurrentInstant()), ct);
        return Page();
    }
}
