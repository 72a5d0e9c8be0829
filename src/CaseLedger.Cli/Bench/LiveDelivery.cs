namespace CaseLedger.Cli.Bench;

/// <summary>How long one new event takes to reach a webhook and the live streams.</summary>
public sealed partial class Benchmark
{
    private int LiveEvents => Math.Clamp(sizes.ReplayRepeats / 8, 3, 25);

    /// <summary>How many live streams follow the feed at once in the many-readers row.</summary>
    private const int LiveReaders = 20;

    /// <summary>
    /// Many integrators' live streams following the same mark: how long a new event takes to reach the last of them, and how
    /// many queries the feed sent to the store for each event (pages that readers share are read once).
    /// </summary>
    private async Task ManyLiveStreamsAsync(WebApplication app, HttpClient client, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress($"live delivery: {LiveReaders} live streams following the feed");
        var streams = new List<LiveStream>();
        try
        {
            for (var i = 0; i < LiveReaders; i++) streams.Add(await LiveStreamAsync(app, client));
            var caseId = await filedCase();
            foreach (var stream in streams)
                for (var i = 0; i < 2; i++) await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            var feed = app.Services.GetRequiredService<FeedReader>();
            var readsBefore = feed.StoreReads;
            var toLast = new double[LiveEvents];
            for (var i = 0; i < LiveEvents; i++)
            {
                await Task.Delay(QuietPause);
                var sent = System.Diagnostics.Stopwatch.GetTimestamp();
                await RunAsync(bus, caseId, evidence);
                long last = 0;
                foreach (var stream in streams)
                    last = Math.Max(last, await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));
                toLast[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent, last).TotalMilliseconds;
            }
            var readsPerEvent = (double)(feed.StoreReads - readsBefore) / LiveEvents;
            AddLatencies("live delivery",
                $"{LiveReaders} live streams: command to the last one; feed queries per event: {readsPerEvent.ToString("0.#", CultureInfo.InvariantCulture)}", toLast);
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }

    private void AddLatencies(string group, string name, double[] latencies)
    {
        Array.Sort(latencies);
        var (p50, p99) = (Measure.Percentile(latencies, 0.50), Measure.Percentile(latencies, 0.99));
        Add(new BenchFigure(group, name, 1, latencies.Length, 1000 / p50, p50, p99));
    }

    /// <summary>A live stream of the feed opened at the store's mark now, and when each of its events arrived.</summary>
    private sealed class LiveStream(HttpClient client, HttpResponseMessage response, System.Threading.Channels.ChannelReader<long> arrivals,
        Task reading, CancellationTokenSource stop) : IAsyncDisposable
    {
        public System.Threading.Channels.ChannelReader<long> Arrivals => arrivals;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading;
            response.Dispose();
            client.Dispose();
            stop.Dispose();
        }
    }

    private async Task<LiveStream> LiveStreamAsync(WebApplication app, HttpClient client)
    {
        var streamClient = await AdministratorClientAsync(app);
        streamClient.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed/stream");
        request.Headers.Add("Last-Event-ID", (await FeedMarkAsync(client)).ToString(CultureInfo.InvariantCulture));
        var response = await streamClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var arrivals = System.Threading.Channels.Channel.CreateUnbounded<long>();
        var stop = new CancellationTokenSource();
        var reading = ReadEventStreamAsync(await response.Content.ReadAsStreamAsync(), arrivals.Writer, stop.Token);
        return new LiveStream(streamClient, response, arrivals.Reader, reading, stop);
    }

    /// <summary>Writes when each event of a server-sent event stream arrived (its blank line), until cancelled.</summary>
    private static async Task ReadEventStreamAsync(Stream body, System.Threading.Channels.ChannelWriter<long> arrivals, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var inEvent = false;
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("id:", StringComparison.Ordinal)) inEvent = true;
                else if (line.Length == 0 && inEvent)
                {
                    arrivals.TryWrite(System.Diagnostics.Stopwatch.GetTimestamp());
                    inEvent = false;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The measurement is over.
        }
    }
}
