using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// Where the identity provider's sign-in lands (<see cref="ConsoleSingleSignOn"/>): a page of this site that moves on to the
/// console, so that the next request starts here and carries the SameSite=Strict session cookie. Only local paths.
/// </summary>
public sealed class SignInContinueModel : PageModel
{
    public string Back { get; private set; } = ConsoleHost.ConsolePath;

    public void OnGet(string? back) => Back = back is { Length: > 0 } && Url.IsLocalUrl(back) ? back : ConsoleHost.ConsolePath;
}
