using CaseLedger.Access;
using CaseLedger.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Http;

/// <summary>Bearer tokens on every endpoint but GET /health and the web pages: the token names the actor recorded on every event.</summary>
public static class Authentication
{
    public const string ActorKey = "caseledger.actor";

    public static Actor Actor(this HttpContext context) =>
        context.Items[ActorKey] as Actor ?? throw new InvalidOperationException("No authenticated actor on this request.");

    public static IApplicationBuilder UseBearerTokens(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Every endpoint but the health check needs a token (the OpenAPI document included); the web pages sign in with a
        // session cookie of their own path (Pages/ConsoleHost), which no API endpoint accepts.
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal) || Pages.ConsoleHost.IsPage(context.Request.Path))
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        Actor? actor = null;
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length)
        {
            var token = header[scheme.Length..].Trim();
            var resolver = context.RequestServices.GetRequiredService<TokenResolver>();
            // An agency's single sign-on: a JWT of the configured issuer names an officer of the register.
            actor = context.RequestServices.GetService<SingleSignOn>() is { } sso && SingleSignOn.LooksLikeJwt(token)
                ? await sso.OfficerIdAsync(context) is { } officerId ? await resolver.ResolveOfficerAsync(officerId, context.RequestAborted) : null
                : await resolver.ResolveAsync(token, context.RequestAborted);
        }
        if (actor is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var refused = Problems.Of(RefusalCodes.Unauthenticated,
                "Send 'Authorization: Bearer <token>' with a token issued to an officer or administrator.", context.Request.Path);
            // A token whose officer is not found while a rebuild fills the register again is not a wrong token.
            await (header.Length > 0 ? await Outages.UnlessRebuildingAsync(context, refused) : refused).ExecuteAsync(context);
            return;
        }
        context.Items[ActorKey] = actor;
        await next(context);
    });

    /// <summary>Refuses with 403 unless the actor holds one of the roles.</summary>
    public static IResult? Require(this HttpContext context, params Role[] roles) =>
        roles.Any(context.Actor().Has)
            ? null
            : Problems.Of(RefusalCodes.Forbidden, $"This needs the role {string.Join(" or ", roles.Select(r => r.ToString()))}.", context.Request.Path);
}
