namespace CaseLedger.Cli.Bench;

/// <summary>An integrator catching up on the feed over HTTP and through a webhook.</summary>
public sealed partial class Benchmark
{
    /// <summary>
    /// An integrator catching up: every case event read through <c>GET /api/feed</c> in pages of the largest size, as CloudEvents,
    /// from the first to the high-water mark. Events per second of the whole read, against COPY like the other reads of the log.
    /// </summary>
    private async Task FeedAsync(WebApplication app)
    {
        progress("integrators: the catch-up feed over HTTP, from the first event");
        using var client = await AdministratorClientAsync(app);
        var passes = new List<double>();
        long events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            events = await FeedCountAsync(client, 0);
            passes.Add(events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        AddEventsPerSecond("integrators", $"catch-up feed over HTTP, {events:N0} case events in pages of 1,000", events, perSecond);
    }

    /// <summary>
    /// An integrator's webhook catching up on a backlog: a subscription registered over HTTP from a point that leaves the
    /// latest case events behind it, delivered one signed CloudEvent at a time, in order, to a receiver on this machine
    /// that answers 204 at once. Events per second from the registration until the receiver holds them all. Then, caught up,
    /// how long a new event takes from its command to the receiver.
    /// </summary>
    private async Task WebhooksAsync(WebApplication app, NpgsqlDataSource dataSource, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("integrators: webhook delivery of a backlog to a local receiver");
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = await AdministratorClientAsync(app);
        var backlog = Math.Max(sizes.OpsPerConcurrency, 10);
        await using var start = dataSource.CreateCommand($"select coalesce(min(seq_id), 0) from (select seq_id from {Schema}.mt_events order by seq_id desc limit $1) last");
        start.Parameters.Add(new NpgsqlParameter { Value = backlog });
        var after = (long)(await start.ExecuteScalarAsync())! - 1;
        var expected = await FeedCountAsync(client, after);
        if (expected == 0) throw new InvalidOperationException($"The feed holds no case event after {after} for the webhook to deliver.");

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var subscribe = await client.PostAsync("/api/subscriptions", new StringContent(JsonSerializer.Serialize(new
        {
            url = receiver.Url,
            secret = "bench-webhook-secret-0123456789abcdef",
            after,
        }), Encoding.UTF8, "application/json"));
        if (!subscribe.IsSuccessStatusCode)
            throw new InvalidOperationException($"The benchmark's subscription was refused: {await subscribe.Content.ReadAsStringAsync()}");
        var id = JsonDocument.Parse(await subscribe.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        try
        {
            await receiver.WaitForAsync(expected, TimeSpan.FromMinutes(5));
            var perSecond = expected / started.Elapsed.TotalSeconds;
            AddEventsPerSecond("integrators", $"webhook delivery of a backlog of {expected:N0} case events, one subscription", expected, perSecond);

            // A live stream opened from the store's mark now sees what follows, as the webhook does.
            await using (var stream = await LiveStreamAsync(app, client))
            {
                var caseId = await filedCase();
                await receiver.WaitForAsync(2, TimeSpan.FromMinutes(1));
                for (var i = 0; i < 2; i++) await stream.Arrivals.ReadAsync();
                // One event at a time on a store otherwise at rest, as steps are recorded in an agency: a pause before each.
                var toWebhook = new double[LiveEvents];
                var toStream = new double[LiveEvents];
                for (var i = 0; i < LiveEvents; i++)
                {
                    await Task.Delay(QuietPause);
                    var sent = System.Diagnostics.Stopwatch.GetTimestamp();
                    await RunAsync(bus, caseId, evidence);
                    await receiver.WaitForAsync(1, TimeSpan.FromMinutes(1));
                    toWebhook[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    var arrived = await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
                    toStream[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds;
                }
                AddLatencies("live delivery", "webhook: one new event, command to reader, store at rest", toWebhook);
                AddLatencies("live delivery", "live stream (SSE): one new event, command to reader, store at rest", toStream);
            }
        }
        finally
        {
            using var _ = await client.DeleteAsync($"/api/subscriptions/{id}");
        }
        await ManyLiveStreamsAsync(app, client, bus, evidence, filedCase);
    }

    /// <summary>The feed's safe high-water mark now.</summary>
    private static async Task<long> FeedMarkAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/feed?after=0&limit=1");
        response.EnsureSuccessStatusCode();
        using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return page.RootElement.GetProperty("highWaterMark").GetInt64();
    }

    /// <summary>Longer than the feed watcher's least spacing between reads prompted by commits.</summary>
    private static readonly TimeSpan QuietPause = TimeSpan.FromMilliseconds(100);

    /// <summary>How many case events the feed holds after <paramref name="after"/>, read as an integrator pages through it.</summary>
    private static async Task<long> FeedCountAsync(HttpClient client, long after)
    {
        long count = 0;
        while (true)
        {
            using var response = await client.GetAsync($"/api/feed?after={after.ToString(CultureInfo.InvariantCulture)}&limit=1000");
            response.EnsureSuccessStatusCode();
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var events = page.RootElement.GetProperty("events");
            count += events.GetArrayLength();
            var next = page.RootElement.GetProperty("next").GetInt64();
            if (events.GetArrayLength() == 0 || next >= page.RootElement.GetProperty("highWaterMark").GetInt64()) return count;
            after = next;
        }
    }
}
