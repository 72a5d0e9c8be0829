using CaseLedger.Domain;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Subscriptions;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Server.Subscriptions;

/// <summary>
/// Webhooks: <c>POST /api/subscriptions</c> registers a receiver; <c>GET /api/subscriptions/{id}</c> shows its
/// delivery state and parked deliveries; <c>POST /api/subscriptions/{id}/retry</c> retries the parked ones.
/// </summary>
public static class SubscriptionEndpoints
{
    public const int MinSecretLength = 16;

    /// <param name="Url">Where deliveries are POSTed (http or https).</param>
    /// <param name="Secret">Signs every delivery (HMAC-SHA256); at least 16 characters.</param>
    /// <param name="EventTypes">CloudEvents types to deliver; empty or <c>"*"</c>: all the owner may see.</param>
    /// <param name="Agencies">Agencies whose cases to deliver; empty or <c>"*"</c>: all the owner may see.</param>
    /// <param name="After">Deliver events after this global sequence (of the deployment's own log); 0 (default) delivers the history too.</param>
    /// <param name="RegionsAfter">With regions: for a region's log, deliver its events after this sequence of that log (by region id); a region not named, its history too.</param>
    public sealed record SubscribeRequest(string Url, string Secret, IReadOnlyList<string>? EventTypes = null,
        IReadOnlyList<string>? Agencies = null, long After = 0, IReadOnlyDictionary<string, long>? RegionsAfter = null);

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Integrators");
        subscriptions.MapPost("", Subscribe).Accepts<SubscribeRequest>("application/json").Produces<SubscriptionShown>(StatusCodes.Status201Created);
        subscriptions.MapGet("", async (HttpContext context, IQuerySession session) =>
        {
            if (context.Require(Role.Integrator, Role.Admin) is { } forbidden) return forbidden;
            var actor = context.Actor();
            var all = await session.Query<Subscription>().ToListAsync(context.RequestAborted);
            return Results.Json(all.Where(s => actor.Has(Role.Admin) || s.OwnerId == actor.Id).OrderBy(s => s.CreatedAt).Select(View), CaseLedgerJson.Responses);
        }).Produces<IReadOnlyList<SubscriptionShown>>();
        subscriptions.MapGet("{id}", async (string id, HttpContext context, IQuerySession session) =>
        {
            var (subscription, problem) = await OwnAsync(id, context, session);
            return problem ?? Results.Json(View(subscription!), CaseLedgerJson.Responses);
        }).Produces<SubscriptionShown>();
        subscriptions.MapPost("{id}/retry", Retry).Produces<SubscriptionShown>();
        subscriptions.MapDelete("{id}", async (string id, HttpContext context, IDocumentSession session) =>
        {
            var (subscription, problem) = await OwnAsync(id, context, session);
            if (problem is not null) return problem;
            session.Delete(subscription!);
            await session.SaveChangesAsync(context.RequestAborted);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);
        return app;
    }

    private static async Task<IResult> Subscribe(HttpContext context, IDocumentSession session, IClock clock, WebhookDispatcher dispatcher, FeedDatabases feeds)
    {
        var (access, denied) = await FeedEndpoints.AccessAsync(context, session);
        if (denied is not null) return denied;
        var (body, problem) = await CommandEndpoint.ReadAsync(context, typeof(SubscribeRequest));
        if (problem is not null) return problem;
        var request = (SubscribeRequest)body!;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return Problems.Of(RefusalCodes.ValidationFailed, "url must be an absolute http or https URL.", context.Request.Path);
        if (request.Secret.Length < MinSecretLength)
            return Problems.Of(RefusalCodes.ValidationFailed, $"secret must be at least {MinSecretLength} characters.", context.Request.Path);
        if (request.After < 0 || request.RegionsAfter?.Values.Any(v => v < 0) == true)
            return Problems.Of(RefusalCodes.ValidationFailed, "after and regionsAfter must be ≥ 0.", context.Request.Path);
        if (request.RegionsAfter?.Keys.FirstOrDefault(r => !feeds.Has(r)) is { } unknownRegion)
            return Problems.Of(RefusalCodes.ValidationFailed, $"regionsAfter names '{unknownRegion}', a region this deployment does not have (CASELEDGER_REGIONS).", context.Request.Path);
        if (InvalidFilter(request.Agencies ?? [], request.EventTypes ?? []) is { } invalid)
            return Problems.Of(RefusalCodes.ValidationFailed, invalid, context.Request.Path);
        if (access!.Narrow(request.Agencies, request.EventTypes).IsEmpty)
            return Problems.Of(RefusalCodes.Forbidden, "The filter names no agency or event type granted to you.", context.Request.Path);

        var subscription = new Subscription
        {
            Id = $"sub-{Guid.CreateVersion7():N}",
            Url = url.ToString(),
            Secret = request.Secret,
            EventTypes = [.. (request.EventTypes ?? []).Distinct()],
            Agencies = [.. (request.Agencies ?? []).Distinct()],
            OwnerId = context.Actor().Id,
            CreatedAt = clock.GetCurrentInstant(),
            Cursor = request.After,
            RegionCursors = request.RegionsAfter?.ToDictionary() ?? [],
        };
        session.Insert(subscription);
        await session.SaveChangesAsync(context.RequestAborted);
        dispatcher.Nudge();
        return Results.Json(View(subscription), CaseLedgerJson.Responses, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Retry(string id, HttpContext context, IDocumentStore store, WebhookDispatcher dispatcher)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var (subscription, problem) = await OwnAsync(id, context, session);
            if (problem is not null) return problem;
            subscription!.Retrying = [.. subscription.Retrying.Concat(subscription.Parked)];
            subscription.Retrying.Sort(Delivery.InLogOrder);
            subscription.Parked = [];
            subscription.Attempts = 0;
            subscription.NextAttemptAt = null;
            // An update, not an upsert: a subscription deleted meanwhile is not brought back.
            session.Update(subscription);
            try
            {
                await session.SaveChangesAsync(context.RequestAborted);
                dispatcher.Nudge();
                return Results.Json(View(subscription), CaseLedgerJson.Responses);
            }
            catch (Exception e) when (e is ConcurrencyException or NonExistentDocumentException && attempt < 5)
            {
                // The dispatcher saved it meanwhile (read it again), or it was deleted (the next read says so).
            }
        }
    }

    private static async Task<(Subscription? Subscription, IResult? Problem)> OwnAsync(string id, HttpContext context, IQuerySession session)
    {
        if (context.Require(Role.Integrator, Role.Admin) is { } forbidden) return (null, forbidden);
        var actor = context.Actor();
        var subscription = await session.LoadAsync<Subscription>(id, context.RequestAborted);
        if (subscription is null) return (null, Problems.Of(RefusalCodes.NotFound, $"Subscription '{id}' does not exist.", context.Request.Path));
        return actor.Has(Role.Admin) || subscription.OwnerId == actor.Id
            ? (subscription, null)
            : (null, Problems.Of(Authorization.Forbidden($"Subscription '{id}' belongs to another integrator"), context.Request.Path));
    }

    /// <summary>Unknown event types are refused by name, so a typo is not a silent "nothing".</summary>
    public static string? InvalidFilter(IReadOnlyList<string> agencies, IReadOnlyList<string> eventTypes)
    {
        if (agencies.Any(string.IsNullOrWhiteSpace)) return "agencies must not contain empty entries.";
        var unknown = eventTypes.Where(t => t != FeedTypes.All && !FeedTypes.IsKnown(t)).ToList();
        return unknown.Count == 0
            ? null
            : $"Unknown event types: {string.Join(", ", unknown)}. Known: GET /api/feed/types (e.g. {FeedTypes.Known.First()}) or \"*\".";
    }

    private static SubscriptionShown View(Subscription s) => new(s.Id, s.Url, s.EventTypes, s.Agencies, s.OwnerId, s.CreatedAt, s.Cursor,
        s.RegionCursors, s.Delivered, s.LastDeliveredAt, s.Attempts, s.NextAttemptAt, s.LastError, s.Parked, s.Retrying);
}

/// <summary>A webhook subscription as its owner reads it (never its secret): where delivery stands, and what is parked or retrying.</summary>
/// <param name="Cursor">The global sequence delivered up to.</param>
/// <param name="RegionCursors">With regions: the sequence delivered up to in each region's log, by region id.</param>
/// <param name="Parked">Deliveries given up after the last attempt, until a retry.</param>
public sealed record SubscriptionShown(string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string> Agencies, string OwnerId,
    Instant CreatedAt, long Cursor, IReadOnlyDictionary<string, long> RegionCursors, long Delivered, Instant? LastDeliveredAt, int Attempts, Instant? NextAttemptAt, string? LastError,
    IReadOnlyList<Delivery> Parked, IReadOnlyList<Delivery> Retrying);
