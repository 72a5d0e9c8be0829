using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Subscriptions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.Subscriptions;

/// <summary>What an integrator may see: administrators grant agencies and event types (<c>"*"</c> for all).</summary>
public static class IntegratorEndpoints
{
    public sealed record GrantRequest(IReadOnlyList<string> Agencies, IReadOnlyList<string> EventTypes);

    public static IEndpointRouteBuilder MapIntegrators(this IEndpointRouteBuilder app)
    {
        var integrators = app.MapGroup("/api/integrators").WithTags("Integrators");
        integrators.MapPost("{officerId}/grants", Grant).Accepts<GrantRequest>("application/json").Produces<IntegratorGrant>();
        integrators.MapGet("{officerId}/grants", async (string officerId, IQuerySession session, HttpContext context) =>
        {
            var actor = context.Actor();
            if (!actor.Has(Role.Admin) && actor.Id != officerId)
                return Problems.Of(RefusalCodes.Forbidden, "Only an administrator or the integrator itself reads a grant.", context.Request.Path);
            return await session.LoadAsync<IntegratorGrant>(officerId, context.RequestAborted) is { } grant
                ? Results.Json(grant, CaseLedgerJson.Responses)
                : Problems.Of(RefusalCodes.NotFound, $"Nothing is granted to '{officerId}'.", context.Request.Path);
        }).Produces<IntegratorGrant>();
        return app;
    }

    private static async Task<IResult> Grant(string officerId, HttpContext context, IDocumentSession session, IClock clock)
    {
        if (context.Require(Role.Admin) is { } forbidden) return forbidden;
        var (body, problem) = await CommandEndpoint.ReadAsync(context, typeof(GrantRequest));
        if (problem is not null) return problem;
        var request = (GrantRequest)body!;
        var officer = await session.LoadAsync<Officer>(officerId, context.RequestAborted);
        if (officer is null)
            return Problems.Of(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.", context.Request.Path);
        if (!officer.Has(Role.Integrator))
            return Problems.Of(RefusalCodes.ValidationFailed, $"'{officerId}' does not hold the integrator role.", context.Request.Path);
        if (SubscriptionEndpoints.InvalidFilter(request.Agencies, request.EventTypes) is { } invalid)
            return Problems.Of(RefusalCodes.ValidationFailed, invalid, context.Request.Path);
        var grant = new IntegratorGrant(officerId, [.. request.Agencies.Distinct()], [.. request.EventTypes.Distinct()],
            context.Actor().Id, clock.GetCurrentInstant());
        session.Store(grant);
        await session.SaveChangesAsync(context.RequestAborted);
        return Results.Json(grant, CaseLedgerJson.Responses);
    }
}
