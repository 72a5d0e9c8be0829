using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>An officer's assessment over a period (Art. 16), as <c>GET /api/officers/{officerId}/assessment</c> answers it, read as the register is.</summary>
public sealed class OfficerAssessmentModel(ReadSide reads, IClock clock) : ConsolePage
{
    public Officer? Officer { get; private set; }

    public OfficerAssessment? Assessment { get; private set; }

    public AssessmentPeriodForm Period { get; private set; } = AssessmentPeriodForm.Empty;

    public async Task<IActionResult> OnGetAsync(string officerId, string? year, string? quarter, string? from, string? to)
    {
        if (await RebuildingAsync() is { } rebuilding) return rebuilding;
        if (Refused("/api/officers/{officerId}/assessment") is { } refused) return refused;
        await using var session = reads.Lagging();
        var ct = HttpContext.RequestAborted;
        Officer = await session.LoadAsync<Officer>(officerId, ct);
        await using var cases = reads.LaggingEverywhere(Officer?.AgencyId);
        Period = AssessmentPeriodForm.Of(year, quarter, from, to, AgencyZone.Today(clock.GetCurrentInstant()));
        var answer = await OfficerAssessmentQuery.ReadAsync(session, cases.All, Authorization.ListScope(Actor), officerId, Period.Asked, ct);
        if (answer.Refusal is { } refusal) return Refuse(refusal);
        Assessment = answer.Value;
        return Page();
    }
}
