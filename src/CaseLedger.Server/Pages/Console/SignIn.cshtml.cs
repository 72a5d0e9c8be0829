using CaseLedger.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Console;

/// <summary>An officer's API token, resolved exactly as the bearer middleware resolves it, exchanged for the console's session cookie.</summary>
public sealed class SignInModel(TokenResolver tokens) : PageModel
{
    public string Back { get; private set; } = ConsoleHost.ConsolePath;

    public bool Wrong { get; private set; }

    public void OnGet(string? back) => Back = Local(back);

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

    /// <summary>Only a path of this site: a sign-in never sends the officer elsewhere.</summary>
    private string Local(string? back) => back is { Length: > 0 } && Url.IsLocalUrl(back) ? back : ConsoleHost.ConsolePath;
}
