using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// An agency's assessment over a period (评议考核, 山东省行政执法监督条例 Art. 16), as <c>GET /api/agencies/{agencyId}/assessment</c>
/// answers it: its figures, its officers (each linked to the officer's assessment) with their review scores, and the third parties' assessments;
/// the period from the query string (<c>year</c>[&amp;<c>quarter</c>] or <c>from</c>&amp;<c>to</c>), this year by default.
/// </summary>
public sealed class AssessmentModel(ReadSide reads, AgencyAssessmentQuery assessments, IClock clock) : ConsolePage
{
    public Agency? Agency { get; private set; }

    public AgencyAssessment? Assessment { get; private set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    /// <summary>The agency's officers in the register (at most <see cref="ConsoleAgencies.Most"/>), each linked to their own assessment.</summary>
    public IReadOnlyList<Officer> Officers { get; private set; } = [];

    public AssessmentPeriodForm Period { get; private set; } = AssessmentPeriodForm.Empty;

    public async Task<IActionResult> OnGetAsync(string? agencyId, string? year, string? quarter, string? from, string? to)
    {
        if (await RebuildingAsync() is { } rebuilding) return rebuilding;
        await using var session = reads.Lagging();
        var ct = HttpContext.RequestAborted;
        if (agencyId is null)
        {
            Agencies = await ConsoleAgencies.ReadableAsync(session, Authorization.ListScope(Actor), ct);
            if (Agencies.Count == 1) return LocalRedirect($"/console/assessment/{Uri.EscapeDataString(Agencies[0].Id)}");
            return Page();
        }
        if (Refused("/api/agencies/{agencyId}/assessment") is { } refused) return refused;
        Period = AssessmentPeriodForm.Of(year, quarter, from, to, AgencyZone.Today(clock.GetCurrentInstant()));
        var answer = await assessments.ReadAsync(session, Authorization.ListScope(Actor), agencyId, Period.Asked, ct);
        if (answer.Refusal is { } refusal) return Refuse(refusal);
        Assessment = answer.Value;
        Agency = await session.LoadAsync<Agency>(agencyId, ct);
        Officers = await session.Query<Officer>().Where(o => o.AgencyId == agencyId).OrderBy(o => o.Id).Take(ConsoleAgencies.Most).ToListAsync(ct);
        return Page();
    }
}

/// <summary>The period of an assessment page as its form and links give it: a year and a quarter, or months from and to; this year when none.</summary>
public sealed record AssessmentPeriodForm(string? Year, string? Quarter, string? From, string? To)
{
    public static readonly AssessmentPeriodForm Empty = new(null, null, null, null);

    public (string? From, string? To, string? Year, string? Quarter) Asked => (From, To, Year, Quarter);

    /// <summary>The query string that asks the same period (for the links between the agency's and the officers' pages).</summary>
    public string Query => string.Join("&", new[] { ("year", Year), ("quarter", Quarter), ("from", From), ("to", To) }
        .Where(p => p.Item2 is { Length: > 0 }).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public static AssessmentPeriodForm Of(string? year, string? quarter, string? from, string? to, LocalDate today)
    {
        static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var form = new AssessmentPeriodForm(Given(year), Given(quarter), Given(from), Given(to));
        return form == Empty ? form with { Year = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) } : form;
    }
}
