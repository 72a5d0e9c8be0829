using CaseLedger.Domain;
using CaseLedger.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Pages;

/// <summary>
/// A page of the console: the signed-in actor, and the same access rules as the API. A page shows what an API endpoint
/// answers, so it asks the API's table (<see cref="AccessRules"/>) for that endpoint's row, then the one policy
/// (<see cref="Authorization"/>) for the agency; a refusal renders the 403 page with the policy's reason.
/// </summary>
public abstract class ConsolePage : PageModel
{
    public Actor Actor => HttpContext.Actor();

    /// <summary>Set when the page refuses (403) or finds nothing (404); the layout shows it instead of the page.</summary>
    public Refusal? Refusal { get; private set; }

    /// <summary>Null when the actor may read what <paramref name="apiRoute"/> answers for one of <paramref name="agencies"/>; else the refusal page.</summary>
    protected IActionResult? Refused(string apiRoute, params string[] agencies)
    {
        var rule = AccessRules.For("GET", apiRoute) ?? throw new InvalidOperationException($"GET {apiRoute} has no access rule.");
        var refusal = !rule.Admits(Actor) ? Authorization.Forbidden($"'{Actor.Id}' holds no role that may read {rule.What}")
            : agencies.Length == 0 ? null
            : Authorization.MayReadAny(Actor, agencies, rule.What);
        return refusal is null ? null : Refuse(refusal);
    }

    /// <summary>A refusal of the engine's queries as a page: 404 for not-found, 400 for validation-failed, else 403.</summary>
    protected IActionResult Refuse(Refusal refusal) => Refuse(refusal.Code switch
    {
        RefusalCodes.NotFound => StatusCodes.Status404NotFound,
        RefusalCodes.ValidationFailed => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status403Forbidden,
    }, refusal);

    /// <summary>
    /// For a page that lists many cases: while a rebuild refills the tables it reads (<see cref="Hosting.RebuildGate"/>), the
    /// 503 page, not a half-filled list shown as the whole (the API answers the same lists so: <see cref="Outages.ListsManyCases"/>).
    /// </summary>
    protected async Task<IActionResult?> RebuildingAsync() =>
        await HttpContext.RequestServices.GetRequiredService<Hosting.RebuildGate>().RunningAsync(HttpContext.RequestAborted)
            ? Refuse(StatusCodes.Status503ServiceUnavailable, new Refusal(Hosting.RebuildGate.Code,
                $"The read models are being rebuilt; reload in {Outages.RetryAfterSeconds} s."))
            : null;

    protected IActionResult NotFound(string message) => Refuse(StatusCodes.Status404NotFound, new Refusal(RefusalCodes.NotFound, message));

    private PageResult Refuse(int status, Refusal refusal)
    {
        Refusal = refusal;
        Response.StatusCode = status;
        return Page();
    }
}
