using System.Collections.Concurrent;
using System.Net.Http.Headers;
using CaseLedger.Hosting;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace CaseLedger.Subscriptions;

/// <summary>
/// Delivers webhooks: for each <see cref="Subscription"/> a worker reads the feed after the
/// subscription's cursor (below the safe high-water mark, through the owner's <see cref="FeedAccess"/>)
/// and posts one signed CloudEvent at a time, so a case's events arrive in the order they happened.
/// At least once: the cursor moves only past events the receiver answered 2xx to, and is saved once per
/// page of deliveries, so a crash sends at most that page's delivered events again; receivers
/// de-duplicate by the CloudEvent <c>id</c>. With regions, each region's log is read after the subscription's cursor in it
/// (<see cref="Subscription.RegionCursors"/>), the deployment's own first, and each event carries its region.
/// </summary>
/// <remarks>
/// Marten's event forwarding to Wolverine would give no order across transactions; reading the feed by
/// sequence does. Backoff is measured on the injected clock, so tests advance time instead of waiting.
/// </remarks>
public sealed partial class WebhookDispatcher(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    FeedDatabases feeds,
    FeedHighWater highWater,
    IHttpClientFactory httpClients,
    IClock clock,
    CaseLedgerSettings settings,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string HttpClientName = "caseledger-webhooks";

    private readonly ConcurrentDictionary<string, Task> _workers = new();
    private TaskCompletionSource _nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IntegrationSettings Options => settings.Integrations;

    /// <summary>Look at the subscriptions now rather than at the next poll (a new subscription, a retry).</summary>
    public void Nudge() =>
        Interlocked.Exchange(ref _nudge, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DeliverWebhooks) return;
        // One dispatcher per database, whichever processes run on it (a server and the demo, several nodes): two would race
        // on the same cursor. Verified before every page a worker sends, so a holder that lost its session sends at most one more.
        await using var lease = new DutyLease(dataSource, settings.Schema, "webhook-dispatcher", log);
        _lease = lease;
        // Followed while there are subscriptions: then this process's commits prompt a read of the mark.
        IDisposable? following = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool held;
            try
            {
                held = await lease.HoldAsync(stoppingToken, trustFor: TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (!held)
            {
                following?.Dispose();
                following = null;
                try
                {
                    await Task.Delay(DutyLease.RetryInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }
            var nudged = Volatile.Read(ref _nudge).Task;
            // Taken before the look: events that arrive during it, in any database, wake the next one.
            var marks = await feeds.AllAsync();
            var advanced = Task.WhenAny(marks.Select(m => m.Mark.NextAdvance));
            var any = false;
            try
            {
                var heads = await HeadsAsync(stoppingToken);
                any = heads.Count > 0;
                if (any) following ??= highWater.Follow();
                else
                {
                    following?.Dispose();
                    following = null;
                }
                // Only a subscription with something to deliver gets a worker: most looks, at rest or on new events, cost this one query.
                bool Behind((string Id, long Cursor, Dictionary<string, long> InRegions, bool Retrying) h) =>
                    h.Retrying || marks.Any(m => (m.Region is null ? h.Cursor : h.InRegions.GetValueOrDefault(m.Region)) < m.Mark.Known);
                foreach (var id in heads.Where(Behind).Select(h => h.Id).Where(id => !_workers.ContainsKey(id)))
                {
                    var worker = Task.Run(() => DrainAsync(id, stoppingToken), CancellationToken.None);
                    _workers[id] = worker;
                    _ = worker.ContinueWith(_ => _workers.TryRemove(id, out var _), CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e);
            }
            // New events wake the workers at once; a subscription of another node, or a failed one due again, at the next poll.
            var polled = Task.Delay(Options.PollInterval, stoppingToken);
            await (any ? Task.WhenAny(nudged, advanced, polled) : Task.WhenAny(nudged, polled));
        }
        following?.Dispose();
        await Task.WhenAll(_workers.Values);
    }

    /// <summary>Where each subscription stands: its cursor, in each region's log too, and whether parked deliveries wait to be retried.</summary>
    private async Task<List<(string Id, long Cursor, Dictionary<string, long> InRegions, bool Retrying)>> HeadsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(_headsSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var heads = new List<(string, long, Dictionary<string, long>, bool)>();
        while (await reader.ReadAsync(ct))
        {
            var inRegions = reader.IsDBNull(3) ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(3)) ?? [];
            heads.Add((reader.GetString(0), reader.GetInt64(1), inRegions, reader.GetBoolean(2)));
        }
        return heads;
    }

    private readonly string _headsSql = $"""
        select id, coalesce((data->>'cursor')::bigint, 0), coalesce(jsonb_array_length(data->'retrying'), 0) > 0, (data->'regionCursors')::text
        from {store.Options.FindOrResolveDocumentType(typeof(Subscription)).TableName.QualifiedName}
        """;

    private DutyLease? _lease;

    private async Task DrainAsync(string id, CancellationToken ct)
    {
        try
        {
            for (var step = 0; step < 1000 && !ct.IsCancellationRequested; step++)
                if (_lease is not { } lease || !await lease.HoldAsync(ct) || !await StepAsync(id, ct)) return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-delivery: the cursor did not move, the next start sends it again.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStepFailed(e, id);
        }
    }

    /// <summary>Deliveries read and sent per load of the subscription; its cursor is saved once per page.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Handles the head of one subscription: the first delivery asked to be retried, or else up to a page of the events
    /// after its cursor, sent one at a time in order. False when there is nothing to do now.
    /// </summary>
    /// <remarks>
    /// The subscription, its owner's access and the page are read once for the page, not once per event: a grant withdrawn
    /// meanwhile stops deliveries at the next page, as if the owner had read that page from the feed a moment before.
    /// The cursor is saved after the page (or at the first failure): a crash mid-page sends that page's delivered events
    /// again, which at-least-once allows and receivers de-duplicate by the CloudEvent id.
    /// </remarks>
    private async Task<bool> StepAsync(string id, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var subscription = await session.LoadAsync<Subscription>(id, ct);
        if (subscription is null) return false;
        if (subscription.NextAttemptAt is { } due && due > clock.GetCurrentInstant()) return false;
        var access = (await FeedAccess.ForActorAsync(session, subscription.OwnerId, ct))
            .Narrow(subscription.Agencies, subscription.EventTypes);

        if (subscription.Retrying.Count > 0)
        {
            var retry = subscription.Retrying[0];
            if (retry.Region is { } gone && !feeds.Has(gone)
                || await (await feeds.OfAsync(retry.Region)).Reader.ReadOneAsync(retry.Sequence, access, ct) is not { } again)
            {
                // No longer visible to the owner (its grant changed), or of a region the deployment no longer has: nothing to deliver.
                subscription.Retrying.RemoveAt(0);
                return await SaveAsync(session, subscription, ct);
            }
            var sent = await HandleAsync(subscription, again, retry, ct);
            var saved = await SaveAsync(session, subscription, ct);
            return sent && saved;
        }

        // A page of each log after the subscription's cursor in it: the deployment's own, then each region's.
        var (delivered, moved) = (false, false);
        foreach (var database in await feeds.AllAsync())
        {
            var cursor = subscription.CursorIn(database.Region);
            var page = await database.Reader.ReadAsync(cursor, PageSize, access, database.Mark.Known, ct);
            foreach (var head in page.Events)
            {
                if (await HandleAsync(subscription, head, null, ct)) continue;
                await SaveAsync(session, subscription, ct);
                return false;
            }
            // Every event of the page was delivered or parked; past the last one up to the page's end nothing was visible.
            if (page.Next > subscription.CursorIn(database.Region))
            {
                subscription.MoveCursor(database.Region, page.Next);
                moved = true;
            }
            delivered |= page.Events.Count > 0;
        }
        if (!delivered && !moved) return false;
        return await SaveAsync(session, subscription, ct) && delivered;
    }

    /// <summary>
    /// Delivers <paramref name="head"/> (the head of the retry queue when <paramref name="retry"/> is given) and records the
    /// outcome on the subscription, unsaved; false when the subscription must wait (backing off) before its next delivery.
    /// </summary>
    private async Task<bool> HandleAsync(Subscription subscription, FeedEvent head, Delivery? retry, CancellationToken ct)
    {
        if (subscription.Blocks(head.Region, head.CaseId, head.Sequence))
        {
            var blocker = subscription.Blockers(head.Region, head.CaseId, head.Sequence).Min(p => p.Sequence);
            Park(subscription, head, retry, 0, $"Waits behind the parked delivery of sequence {blocker} of the same case.", blocker);
            return true;
        }

        var error = await DeliverAsync(subscription, head, ct);
        var now = clock.GetCurrentInstant();
        if (error is null)
        {
            if (retry is not null) subscription.Retrying.RemoveAt(0);
            else subscription.MoveCursor(head.Region, head.Sequence);
            subscription.Delivered++;
            subscription.LastDeliveredAt = now;
            subscription.Attempts = 0;
            subscription.NextAttemptAt = null;
            subscription.LastError = null;
            return true;
        }

        subscription.Attempts++;
        subscription.LastError = error;
        if (subscription.Attempts >= Options.MaxAttempts)
        {
            Park(subscription, head, retry, subscription.Attempts, error, null);
            subscription.Attempts = 0;
            subscription.NextAttemptAt = null;
            return true;
        }
        subscription.NextAttemptAt = now + Options.BackoffAfter(subscription.Attempts);
        return false;
    }

    private void Park(Subscription subscription, FeedEvent head, Delivery? retry, int attempts, string? error, long? blockedBy)
    {
        if (retry is not null) subscription.Retrying.RemoveAt(0);
        else subscription.MoveCursor(head.Region, head.Sequence);
        subscription.Parked.Add(new Delivery(head.Sequence, head.Id, head.CaseId, head.Type, attempts, error, clock.GetCurrentInstant(), blockedBy, head.Region));
        subscription.Parked.Sort(Delivery.InLogOrder);
    }

    /// <summary>Posts one event; null when the receiver took it, otherwise why not.</summary>
    private async Task<string?> DeliverAsync(Subscription subscription, FeedEvent head, CancellationToken ct)
    {
        var body = FeedReader.Encode(head, out var contentType).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header,
            WebhookSignature.Sign(subscription.Secret, clock.GetCurrentInstant().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation("CaseLedger-Subscription", subscription.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (HttpRequestException e)
        {
            return $"Could not reach the receiver: {e.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"The receiver did not answer within {Options.RequestTimeout.TotalSeconds:0.#} s.";
        }
    }

    private static async Task<bool> SaveAsync(IDocumentSession session, Subscription subscription, CancellationToken ct)
    {
        // An update, not an upsert: a subscription deleted while its page was being delivered stays deleted.
        session.Update(subscription);
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is ConcurrencyException or NonExistentDocumentException)
        {
            // Changed meanwhile (a retry request) or deleted: the next step reloads it, or finds it gone. A
            // delivery made in this step may be sent again, which at-least-once allows.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for webhook subscriptions; trying again.")]
    private partial void LogPollFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for subscription {Id} stopped; it resumes at the next poll.")]
    private partial void LogStepFailed(Exception e, string id);
}
