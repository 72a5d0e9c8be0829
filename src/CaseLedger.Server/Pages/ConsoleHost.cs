using System.Globalization;
using System.Security.Claims;
using CaseLedger.Access;
using CaseLedger.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Pages;

/// <summary>
/// The web pages (issue 21): the supervisors' console under <see cref="ConsolePath"/>, signed in with a session cookie that
/// ASP.NET Core's cookie authentication issues for an officer's API token, and the public pages under <see cref="PublicPath"/>,
/// open to anyone. The API keeps its bearer tokens: the cookie is scoped to the console's path, and the bearer middleware
/// refuses every <c>/api</c> request without an Authorization header, so a cookie alone opens nothing there (no cross-site
/// request into the API). Pages are in zh-CN unless the reader switches to English (a culture cookie or <c>?culture=en</c>).
/// </summary>
public static class ConsoleHost
{
    public const string ConsolePath = "/console";
    public const string PublicPath = "/public";
    public const string Scheme = "CaseLedger.Console";
    public const string Policy = "console";
    /// <summary>The claim holding the SHA-256 of the token signed in with: each request resolves it again, as the bearer middleware does.</summary>
    public const string TokenHashClaim = "caseledger:token-sha256";
    /// <summary>The claim of a session opened through the identity provider (<see cref="ConsoleSingleSignOn"/>): the officer's id, resolved again on each request.</summary>
    public const string OfficerClaim = "caseledger:officer";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>Pages the bearer middleware and the API's access table leave to the cookie scheme (or to no sign-in).</summary>
    public static bool IsPage(PathString path) =>
        path.StartsWithSegments(ConsolePath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(PublicPath, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddScoped<Documents.DocumentReads>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Console", Policy);
            o.Conventions.AllowAnonymousToPage("/Console/SignIn");
            o.Conventions.AllowAnonymousToPage("/Console/SignInContinue");
        }).AddViewLocalization();
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "caseledger.console";
            o.Cookie.Path = ConsolePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = ConsolePath + "/sign-in";
            o.LogoutPath = ConsolePath + "/sign-out";
            o.ReturnUrlParameter = "back";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ResolveActorAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    public static WebApplication UseConsole(this WebApplication app)
    {
        // Only on the pages: the API neither reads the cookie nor changes its culture.
        app.UseWhen(context => IsPage(context.Request.Path), pages => pages
            .UseRequestLocalization(o =>
            {
                o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
                o.SupportedCultures = Cultures;
                o.SupportedUICultures = Cultures;
                // zh-CN unless the reader chose: the browser's language is not asked.
                o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
            })
            .UseAuthentication()
            .UseAuthorization());
        app.MapRazorPages();
        return app;
    }

    /// <summary>The claims of a session: the token's hash only (never the token), resolved again on each request.</summary>
    public static ClaimsPrincipal Principal(string token) =>
        new(new ClaimsIdentity([new Claim(TokenHashClaim, ApiTokens.Hash(token))], Scheme));

    /// <summary>The claims of a session opened through the identity provider: the officer's id, resolved again on each request.</summary>
    public static ClaimsPrincipal OfficerPrincipal(string officerId) =>
        new(new ClaimsIdentity([new Claim(OfficerClaim, officerId)], Scheme));

    /// <summary>
    /// Each request resolves the session's token as the bearer middleware resolves a bearer token: a token revoked or expired, or an
    /// officer deactivated, ends the session at once. A session opened through the identity provider resolves its officer the
    /// same way, and only while the console's sign-in with the provider is configured. The actor is kept where
    /// <see cref="Authentication.Actor"/> reads it.
    /// </summary>
    private static async Task ResolveActorAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var resolver = services.GetRequiredService<TokenResolver>();
        var ct = context.HttpContext.RequestAborted;
        var actor = context.Principal?.FindFirst(TokenHashClaim)?.Value is { } hash ? await resolver.ResolveHashAsync(hash, ct)
            : context.Principal?.FindFirst(OfficerClaim)?.Value is { } officerId && ConsoleSingleSignOn.Offered(services.GetService<SingleSignOn>())
                ? await resolver.ResolveOfficerAsync(officerId, ct)
                : null;
        if (actor is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.HttpContext.Items[Authentication.ActorKey] = actor;
    }
}
