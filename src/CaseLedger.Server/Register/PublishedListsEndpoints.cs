using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.Register;

/// <summary>
/// An agency's published lists (山东省行政执法监督条例 Arts. 9, 12, 15): the announcement of the enforcement body, the discretion
/// benchmark catalogue and the powers list, each a new version on the agency's lists stream. The public reads them without
/// signing in at /public/lists and /public/lists.json.
/// </summary>
public static class PublishedListsEndpoints
{
    public static IEndpointRouteBuilder MapPublishedLists(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/api/agencies").WithTags("Register");
        Map<AnnounceEnforcementBody>(agencies, "announcement");
        Map<IssueDiscretionCatalogue>(agencies, "discretion-catalogue");
        Map<IssuePowersList>(agencies, "powers");
        agencies.MapGet("{agencyId}/lists", async (string agencyId, IQuerySession session, HttpContext context) =>
            await session.LoadAsync<Agency>(agencyId, context.RequestAborted) is null
                ? Problems.Of(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.", context.Request.Path)
                : Results.Json(await session.LoadAsync<PublishedLists>(PublishedLists.StreamId(agencyId), context.RequestAborted)
                    ?? new PublishedLists(PublishedLists.StreamId(agencyId), agencyId, null, [], []), CaseLedgerJson.Responses))
            .Produces<PublishedLists>();
        return app;
    }

    private static void Map<T>(RouteGroupBuilder agencies, string verb) where T : notnull =>
        agencies.MapPost($"{{agencyId}}/{verb}", async (string agencyId, HttpContext context) =>
        {
            var (command, problem) = await CommandEndpoint.ReadAsync(context, typeof(T));
            return problem ?? await CommandEndpoint.RunAsync(context, PublishedLists.StreamId(agencyId), command!);
        }).Accepts<T>("application/json").Produces<CommandAnswer>();
}
