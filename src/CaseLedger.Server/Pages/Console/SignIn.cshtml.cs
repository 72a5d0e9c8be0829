using CaseLedger.Access;
using CaseLedger.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Console;

/// <summary>
/// An officer's API token, resolved exactly as the bearer middleware resolves it, exchanged for the console's session cookie;
/// or, when configured, the agency's identity provider (<see cref="ConsoleSingleSignOn"/>).
/// </summary>
public sealed class SignInModel(TokenResolver tokens, SingleSignOn? singleSignOn = null) : PageModel
{
    public string Back { get; private set; } = ConsoleHost.ConsolePath;

    public bool Wrong { get; private set; }

    /// <summary>Whether the page offers the identity provider's sign-in.</summary>
    public bool ProviderOffered => ConsoleSingleSignOn.Offered(singleSignOn);

    /// <summary>The provider's answer opened nothing (<c>?refused=single-sign-on</c>).</summary>
    public bool ProviderRefused { get; private set; }

    public void OnGet(string? back, string? refused)
    {
        Back = Local(back);
        ProviderRefused = refused == ConsoleSingleSignOn.Refused && ProviderOffered;
        if (ProviderRefused) Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? back)
    {
        Back = Local(back);
        if (token is not { Length: > 0 } || await tokens.ResolveAsync(token.Trim(), HttpContext.RequestAborted) is null)
        {
            Wrong = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleHost.Scheme, ConsoleHost.Principal(token.Trim()));
        return LocalRedirect(Back);
    }

    /// <summary>To the identity provider (a form, so that antiforgery covers it); 404 when the console's sign-in with it is not configured.</summary>
    public IActionResult OnPostProvider(string? back) =>
        ProviderOffered ? Challenge(ConsoleSingleSignOn.Challenge(Local(back)), ConsoleSingleSignOn.Scheme) : NotFound();

    /// <summary>Only a path of this site: a sign-in never sends the officer elsewhere.</summary>
    private string Local(string? back) => back is { Length: > 0 } && Url.IsLocalUrl(back) ? back : ConsoleHost.ConsolePath;
}
