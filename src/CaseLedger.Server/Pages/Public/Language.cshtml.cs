using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Public;

/// <summary>The language switch of every page: keeps the reader's choice in ASP.NET Core's culture cookie and goes back.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet(string? to, string? back)
    {
        if (ConsoleHost.Cultures.FirstOrDefault(c => c.Name == to) is { } culture)
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = Request.IsHttps });
        return LocalRedirect(back is { Length: > 0 } && Url.IsLocalUrl(back) ? back : ConsoleHost.ConsolePath);
    }
}
