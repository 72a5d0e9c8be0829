using CaseLedger.Access;
using CaseLedger.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NodaTime;

namespace CaseLedger.Server.Pages;

/// <summary>
/// The console's sign-in with the agency's identity provider (docs/access.md), when the API's single sign-on names a client id
/// for the console: ASP.NET Core's OpenID Connect handler, authorization code with PKCE (S256), the provider's discovery
/// document and keys. The ID token's claim that names the officer (the same as for the API's JWTs) is resolved as the API
/// resolves it (<see cref="TokenResolver.ResolveOfficerAsync"/>): an officer who is not registered, or deactivated, is refused at
/// the sign-in page. The session is the console's own cookie, holding the officer's id only (<see cref="ConsoleHost.OfficerClaim"/>),
/// resolved again on every page, so a deactivation ends it at the next page, as a token's revocation does.
/// </summary>
/// <remarks>
/// The provider answers with a redirect (<c>response_mode=query</c>), so that the handler's correlation and nonce cookies can be
/// SameSite=Lax: a form posted back from another site would need them SameSite=None. The session cookie stays SameSite=Strict;
/// a navigation that began at the provider does not carry it, so the handler sends the officer to <see cref="ContinuePath"/>,
/// a page of this site that moves on to the console.
/// </remarks>
public static class ConsoleSingleSignOn
{
    public const string Scheme = "CaseLedger.Console.Oidc";
    public const string CallbackPath = ConsoleHost.ConsolePath + "/signin-oidc";
    public const string ContinuePath = ConsoleHost.ConsolePath + "/sign-in/continue";

    /// <summary>What the sign-in page says when the provider's answer opened nothing (<c>?refused=</c>).</summary>
    public const string Refused = "single-sign-on";

    public static bool Offered(SingleSignOn? sso) => sso?.ClientId is { Length: > 0 };

    public static void Register(IServiceCollection services, SingleSignOn sso, IClock clock) =>
        services.AddAuthentication().AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = sso.Issuer;
            o.MetadataAddress = sso.MetadataAddress;
            o.RequireHttpsMetadata = !(Uri.TryCreate(sso.MetadataAddress, UriKind.Absolute, out var metadata) && metadata.IsLoopback);
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = ConsoleHost.Scheme;
            o.Scope.Clear();
            o.Scope.Add(OpenIdConnectScope.OpenId);
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Path = ConsoleHost.ConsolePath;
            }
            o.TokenValidationParameters.ValidIssuer = sso.Issuer;
            o.TokenValidationParameters.LifetimeValidator = SingleSignOn.Lifetime(clock);
            o.Events.OnTokenValidated = async context =>
            {
                var officerId = context.Principal?.FindFirst(sso.OfficerClaim)?.Value;
                var resolver = context.HttpContext.RequestServices.GetRequiredService<TokenResolver>();
                if (officerId is null || await resolver.ResolveOfficerAsync(officerId, context.HttpContext.RequestAborted) is null)
                {
                    context.Fail($"The identity provider's '{sso.OfficerClaim}' names no registered, active officer.");
                    return;
                }
                context.Principal = ConsoleHost.OfficerPrincipal(officerId);
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect($"{ConsoleHost.ConsolePath}/sign-in?refused={Refused}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });

    /// <summary>The challenge that sends the officer to the provider, back to <paramref name="back"/> (a local path) once signed in.</summary>
    public static AuthenticationProperties Challenge(string back) =>
        new() { RedirectUri = $"{ContinuePath}?back={Uri.EscapeDataString(back)}" };
}
