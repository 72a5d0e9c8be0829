using CaseLedger.Access;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.Register;

/// <summary>
/// People and their tokens (docs/access.md): an administrator deactivates and reactivates an officer (events on the
/// officer's stream; tokens stop at once, history stays), rotates a token (a new one; the old ones keep working for a
/// stated grace period), gives one an expiry, and revokes one.
/// </summary>
public static class TokenEndpoints
{
    /// <summary>How long the tokens before a rotation keep working unless told otherwise.</summary>
    public static readonly Duration DefaultGrace = Duration.FromHours(24);

    public sealed record RotateRequest(int? GraceMinutes = null, Instant? ExpiresAt = null);

    /// <summary>One of an officer's tokens: its public id and validity, never the token.</summary>
    public sealed record TokenEntry(string TokenId, Instant IssuedAt, Instant? NotAfter);

    /// <summary>A new token, shown once, and until when the officer's earlier tokens keep working.</summary>
    public sealed record TokenIssued(string OfficerId, string Token, string TokenId, Instant? ExpiresAt, Instant PreviousTokensValidUntil);

    public sealed record TokenRevoked(string OfficerId, string TokenId, Instant NotAfter);

    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder app)
    {
        var officers = app.MapGroup("/api/officers").WithTags("Register");
        officers.MapPost("{officerId}/deactivate", (string officerId, HttpContext context) => RunAsync<DeactivateOfficer>(officerId, context))
            .Accepts<DeactivateOfficer>("application/json").Produces<CommandAnswer>();
        officers.MapPost("{officerId}/reactivate", (string officerId, HttpContext context) => RunAsync<ReactivateOfficer>(officerId, context))
            .Accepts<ReactivateOfficer>("application/json").Produces<CommandAnswer>();
        officers.MapGet("{officerId}/tokens", async (string officerId, IQuerySession session, HttpContext context) =>
            context.Require(Role.Admin) ?? Results.Json(
                (await session.Query<ApiToken>().Where(t => t.ActorId == officerId).ToListAsync(context.RequestAborted))
                    .OrderBy(t => t.IssuedAt).Select(t => new TokenEntry(t.PublicId, t.IssuedAt, t.NotAfter)),
                CaseLedgerJson.Responses)).Produces<IReadOnlyList<TokenEntry>>();
        officers.MapPost("{officerId}/tokens", Rotate).Accepts<RotateRequest>("application/json").Produces<TokenIssued>(StatusCodes.Status201Created);
        officers.MapPost("{officerId}/tokens/{tokenId}/revoke", Revoke).Produces<TokenRevoked>();
        return app;
    }

    private static async Task<IResult> RunAsync<T>(string officerId, HttpContext context) where T : notnull
    {
        var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(T));
        return problem ?? await CommandEndpoint.RunAsync(context, officerId, command!);
    }

    /// <summary>A new token for the officer, shown once; every earlier one stops after the grace period (0: at once).</summary>
    private static async Task<IResult> Rotate(string officerId, HttpContext context, IDocumentSession session, IClock clock)
    {
        if (context.Require(Role.Admin) is { } forbidden) return forbidden;
        var (body, problem) = await CommandEndpoint.ReadAsync(context, typeof(RotateRequest));
        if (problem is not null) return problem;
        var request = (RotateRequest)body!;
        var now = clock.GetCurrentInstant();
        if (request.GraceMinutes is < 0 || request.ExpiresAt <= now)
            return Problems.Of(RefusalCodes.ValidationFailed, "graceMinutes must be 0 or more and expiresAt in the future.", context.Request.Path);
        if (await session.LoadAsync<Officer>(officerId, context.RequestAborted) is not { } officer)
            return Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.", context.Request.Path);
        var oldUntil = now + (request.GraceMinutes is { } minutes ? Duration.FromMinutes(minutes) : DefaultGrace);
        foreach (var old in await session.Query<ApiToken>().Where(t => t.ActorId == officer.Id).ToListAsync(context.RequestAborted))
            if (old.NotAfter is null || old.NotAfter > oldUntil) session.Store(old with { NotAfter = oldUntil });
        var token = ApiTokens.NewToken();
        var issued = ApiTokens.Record(token, officer.Id, now) with { NotAfter = request.ExpiresAt };
        session.Store(issued);
        await session.SaveChangesAsync(context.RequestAborted);
        return Results.Json(new TokenIssued(officerId, token, issued.PublicId, request.ExpiresAt, oldUntil),
            CaseLedgerJson.Responses, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Revoke(string officerId, string tokenId, HttpContext context, IDocumentSession session, IClock clock)
    {
        if (context.Require(Role.Admin) is { } forbidden) return forbidden;
        var token = (await session.Query<ApiToken>().Where(t => t.ActorId == officerId).ToListAsync(context.RequestAborted))
            .FirstOrDefault(t => t.PublicId == tokenId);
        if (token is null) return Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' holds no token {tokenId}.", context.Request.Path);
        var now = clock.GetCurrentInstant();
        if (token.NotAfter is null || token.NotAfter > now) session.Store(token with { NotAfter = now });
        await session.SaveChangesAsync(context.RequestAborted);
        return Results.Json(new TokenRevoked(officerId, tokenId, now), CaseLedgerJson.Responses);
    }
}
