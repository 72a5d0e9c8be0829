using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Console;

/// <summary>Ends the session (a POST with its antiforgery token, so no other site can sign an officer out).</summary>
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleHost.Scheme);
        return LocalRedirect(ConsoleHost.ConsolePath + "/sign-in");
    }
}
