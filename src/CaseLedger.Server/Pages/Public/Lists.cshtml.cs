using System.Globalization;
using CaseLedger.Agencies;
using CaseLedger.Domain;
using CaseLedger.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseLedger.Server.Pages.Public;

/// <summary>
/// The published lists (山东省行政执法监督条例 Arts. 9, 12, 15), open to anyone: the enforcement bodies confirmed and announced,
/// each agency's discretion benchmark catalogue and its powers with their bases, as in force today (every version in the JSON).
/// </summary>
public sealed class ListsModel(IQuerySession session, IClock clock) : PageModel
{
    public IReadOnlyList<PublicListsEntry> Entries { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync()
    {
        Today = AgencyZone.Today(clock.GetCurrentInstant());
        Entries = await PublishedListsQuery.ReadAsync(session, Today, HttpContext.RequestAborted);
    }

    public static string Range(decimal? min, decimal? max) =>
        min is null && max is null ? "" : $"{(min ?? 0).ToString("0.##", CultureInfo.InvariantCulture)}–{(max is { } m ? m.ToString("0.##", CultureInfo.InvariantCulture) : "…")}";
}

/// <summary>The same lists as JSON, every version included, for anyone who checks a decision's citation against them.</summary>
public sealed class ListsJsonModel(IQuerySession session, IClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var entries = await PublishedListsQuery.ReadAsync(session, today, HttpContext.RequestAborted);
        return new JsonResult(new
        {
            on = today,
            agencies = entries.Select(e => new
            {
                agencyId = e.Agency.Id,
                name = e.Agency.Name,
                level = e.Agency.Level,
                domain = e.Agency.Domain,
                announcement = e.Lists.Announcement,
                discretionCatalogueInForce = e.CatalogueInForce?.Version,
                powersListInForce = e.PowersInForce?.Version,
                discretionCatalogues = e.Lists.Catalogues,
                powersLists = e.Lists.PowersLists,
            }),
        }, CaseLedgerJson.Responses);
    }
}
