using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Subscriptions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.Subscriptions;

/// <summary>A page of the catch-up feed; <c>next</c> is the <c>after</c> of the next page (also in the Link header).</summary>
/// <remarks>Documents the answer, whose events the CloudEvents SDK writes (<see cref="FeedCloudEvent"/>).</remarks>
public sealed record FeedPage(IReadOnlyList<FeedCloudEvent> Events, long Next, long HighWaterMark);

/// <summary>
/// A case event as a structured-mode CloudEvent 1.0, as the feed, the live stream and webhooks carry it (docs/integrations.md).
/// Written by the CloudEvents SDK; this record describes it for the OpenAPI document, and the shape test checks they agree.
/// </summary>
/// <param name="Source">Where the event belongs: <c>/agencies/{agency}/cases/{case}</c>, a linked proceeding under the agency that keeps
/// it (<c>/agencies/{agency}/reconsiderations/{id}</c>, <c>…/litigations/{id}</c>, <c>…/petitions/{id}</c>, <c>…/supervision-matters/{id}</c>,
/// <c>…/review-campaigns/{id}</c>, <c>…/disputes/{id}</c>), <c>/agencies/{agency}/lists</c> or <c>/audit/checkpoints</c>.</param>
/// <param name="Subject">The stream: the case or proceeding id.</param>
/// <param name="Data">The event's fields in the API's JSON convention.</param>
/// <param name="GlobalSequence">The event's place in the log, the feed's cursor.</param>
/// <param name="StreamVersion">The event's version in its stream.</param>
/// <param name="ChainHash">The event's hash in its stream's chain (docs/integrity.md).</param>
/// <param name="Region">With regions: the region whose log holds the event (its globalsequence is that log's); absent for the deployment's own.</param>
public sealed record FeedCloudEvent(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("globalsequence")] string GlobalSequence,
    [property: JsonPropertyName("streamversion")] int StreamVersion,
    [property: JsonPropertyName("chainhash")] string? ChainHash,
    [property: JsonPropertyName("region")] string? Region = null);

/// <summary>
/// The catch-up feed (<c>GET /api/feed</c>) and the live stream (<c>GET /api/feed/stream</c>): case events
/// in global order as CloudEvents, each reader seeing what <see cref="FeedAccess"/> allows. With regions, <c>?region=R</c>
/// reads region R's log, whose sequence (the cursor) is its own (<see cref="FeedDatabases"/>); without it, the deployment's own.
/// </summary>
public static class FeedEndpoints
{
    public const int DefaultLimit = 100;

    /// <summary>What the feed carries and who sees it, in the OpenAPI document (README, "Integrators").</summary>
    private const string Described =
        "Events as CloudEvents 1.0, `type` `caseledger.{kind}.{event}.v1` (GET /api/feed/types lists them): kind `penalty` (a case), "
        + "`reconsideration`, `litigation`, `petition`, `supervision` (a supervision matter), `review_campaign` (a case-file review), "
        + "`dispute` (between agencies), `lists` (an agency's published lists), `audit` (signed checkpoints); `subject` the stream's id; `source` "
        + "`/agencies/{agency}/cases/{id}`, a proceeding under the agency that keeps it (`/agencies/{agency}/reconsiderations/{id}`, "
        + "`litigations`, `petitions`, `supervision-matters`, `review-campaigns`, `disputes`), `/agencies/{agency}/lists` or "
        + "`/audit/checkpoints`. An integrator sees the "
        + "events of the agencies its grant names: a case's agency; a reconsideration's respondent agency and body; a suit's sued "
        + "agencies; a petition's agency; a supervision matter's supervised agency and organ; a review campaign's organ, and each "
        + "reviewed agency all but the other agencies' files' scores; a dispute's parties and office; an agency's lists; every checkpoint.";
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app)
    {
        var feed = app.MapGroup("/api/feed").WithTags("Integrators");
        feed.MapGet("", Page).Produces<FeedPage>().WithDescription(Described);
        feed.MapGet("stream", Stream).Produces<string>(StatusCodes.Status200OK, "text/event-stream").WithDescription(Described);
        feed.MapGet("types", () => Results.Json(FeedTypes.Known, CaseLedgerJson.Responses)).Produces<IReadOnlyList<string>>()
            .WithDescription($"Every `type` the feed serves, each a grant or a subscription may name: {string.Join(", ", FeedTypes.Known.Select(t => $"`{t}`"))}.");
        return app;
    }

    private static async Task<IResult> Page(HttpContext context, IQuerySession session, FeedDatabases feeds, long? after, int? limit, string? region)
    {
        var (access, problem) = await AccessAsync(context, session);
        if (problem is not null) return problem;
        if (after is < 0 || limit is < 1 or > MaxLimit)
            return Problems.Of(RefusalCodes.ValidationFailed, $"after must be ≥ 0 and limit between 1 and {MaxLimit}.", context.Request.Path);
        if (Unknown(context, feeds, region) is { } unknown) return unknown;
        var (_, reader, highWater) = await feeds.OfAsync(region);
        var upTo = await highWater.RefreshAsync(context.RequestAborted);
        var page = await reader.ReadAsync(after ?? 0, limit ?? DefaultLimit, access!, upTo, context.RequestAborted);
        var inRegion = region is null ? "" : $"&region={Uri.EscapeDataString(region)}";
        context.Response.Headers.Link = $"</api/feed?after={page.Next.ToString(CultureInfo.InvariantCulture)}&limit={(limit ?? DefaultLimit).ToString(CultureInfo.InvariantCulture)}{inRegion}>; rel=\"next\"";
        return Results.Json(new { events = page.Events.Select(FeedReader.ToJson), next = page.Next, highWaterMark = page.HighWaterMark },
            CaseLedgerJson.Responses);
    }

    /// <summary>
    /// Server-sent events: <c>id:</c> is the global sequence, <c>event:</c> the CloudEvents type, <c>data:</c>
    /// the structured CloudEvent on one line. Resumes after <c>Last-Event-ID</c> (or <c>?after=</c>).
    /// </summary>
    private static async Task Stream(HttpContext context, IQuerySession session, FeedDatabases feeds, CaseLedgerSettings settings, long? after, string? region)
    {
        var (access, problem) = await AccessAsync(context, session);
        if ((problem ?? Unknown(context, feeds, region)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }
        var (_, reader, highWater) = await feeds.OfAsync(region);
        var cursor = after ?? 0;
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0 && !long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            await Problems.Of(RefusalCodes.ValidationFailed, "Last-Event-ID must be a global sequence number sent as an event id.", context.Request.Path)
                .ExecuteAsync(context);
            return;
        }

        var ct = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var body = context.Response.Body;
        using var following = highWater.Follow();
        try
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes(": caseledger feed\n\n"), ct);
            await body.FlushAsync(ct);
            var upTo = await highWater.RefreshAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                // The grant is read again before each page: one withdrawn ends the stream before its next event.
                if (await WithdrawnAsync(context, session, access!) is { } reason)
                {
                    await body.WriteAsync(Encoding.UTF8.GetBytes($"event: error\ndata: {JsonSerializer.Serialize(new { code = RefusalCodes.Forbidden, detail = reason })}\n\n"), ct);
                    await body.FlushAsync(ct);
                    return;
                }
                var page = await reader.ReadAsync(cursor, DefaultLimit, access!, upTo, ct);
                foreach (var e in page.Events)
                {
                    var json = JsonSerializer.Serialize(FeedReader.ToJson(e));
                    await body.WriteAsync(Encoding.UTF8.GetBytes($"id: {e.Sequence.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Type}\ndata: {json}\n\n"), ct);
                }
                if (page.Events.Count > 0) await body.FlushAsync(ct);
                cursor = page.Next;
                if (page.Events.Count == DefaultLimit) continue;
                if (!await highWater.WaitBeyondAsync(cursor, settings.Integrations.Heartbeat, ct))
                {
                    await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct);
                    await body.FlushAsync(ct);
                }
                upTo = highWater.Known;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>404 for a <c>?region=</c> the deployment does not have (CASELEDGER_REGIONS).</summary>
    private static IResult? Unknown(HttpContext context, FeedDatabases feeds, string? region) =>
        region is null || feeds.Has(region)
            ? null
            : Problems.Of(RefusalCodes.NotFound, $"This deployment has no region '{region}' (CASELEDGER_REGIONS).", context.Request.Path);

    /// <summary>Why a live stream must end: its grant was withdrawn or narrowed, or its token or officer no longer answers.</summary>
    private static async Task<string?> WithdrawnAsync(HttpContext context, IQuerySession session, FeedAccess opened)
    {
        var actor = context.Actor();
        var now = await FeedAccess.ForActorAsync(session, actor.Id, context.RequestAborted);
        return now.Key == opened.Key ? null
            : now.IsEmpty ? $"The grant of '{actor.Id}' was withdrawn."
            : $"The grant of '{actor.Id}' changed: open the stream again to follow what it grants now.";
    }

    /// <summary>The reader's access, or why it has none: the one rule for feed, stream and webhooks.</summary>
    public static async Task<(FeedAccess? Access, IResult? Problem)> AccessAsync(HttpContext context, IQuerySession session)
    {
        if (context.Require(Role.Integrator, Role.Admin) is { } forbidden) return (null, forbidden);
        var access = await FeedAccess.ForAsync(session, context.Actor(), context.RequestAborted);
        return access.IsEmpty
            ? (null, Problems.Of(RefusalCodes.Forbidden,
                $"No agencies or event types are granted to '{context.Actor().Id}': an administrator grants them with POST /api/integrators/{context.Actor().Id}/grants.",
                context.Request.Path))
            : (access, null);
    }
}
