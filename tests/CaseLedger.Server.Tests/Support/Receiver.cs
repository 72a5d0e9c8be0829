using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WebhookSubscriber;

namespace CaseLedger.Server.Tests.Support;

/// <summary>One delivery a receiver took (answered 2xx), with the raw bytes and signature as they came.</summary>
public sealed record Received(JsonNode Event, byte[] Body, string? Signature, SignatureCheck Check)
{
    public string Id => (string)Event["id"]!;
    public string Subject => (string)Event["subject"]!;
    public long Sequence => Event.Sequence();
}

/// <summary>
/// A webhook receiver on 127.0.0.1, port chosen by the OS. <see cref="Answer"/> decides each reply
/// (200 unless told otherwise); tests wait for what arrived, never for a time.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret-0123456789";

    private readonly WebApplication _app;
    private readonly List<Received> _received = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A port freed by an earlier test's receiver may be handed out again: a path of its own keeps
    // deliveries meant for that one from landing here.
    private readonly string _path = $"/hook/{Guid.NewGuid():N}";

    private Receiver(WebApplication app) => _app = app;

    /// <summary>The status to answer a delivery with, or a task that never ends to hang it.</summary>
    public Func<JsonNode, CancellationToken, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public int Attempts { get; private set; }
    public Uri Url => new(new Uri(_app.Urls.First()), _path);

    public IReadOnlyList<Received> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public static async Task<Receiver> StartAsync(Func<DateTimeOffset> now)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new Receiver(builder.Build());
        var app = receiver._app;
        app.MapPost(receiver._path, async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var body = buffer.ToArray();
            var signature = request.Headers[CaseLedgerSignature.Header].ToString();
            var cloudEvent = JsonNode.Parse(body)!;
            lock (receiver._received) receiver.Attempts++;
            receiver.Signal();
            var status = await receiver.Answer(cloudEvent, request.HttpContext.RequestAborted);
            if (status is >= 200 and < 300)
            {
                var check = CaseLedgerSignature.Verify(Secret, signature, body, now());
                lock (receiver._received) receiver._received.Add(new Received(cloudEvent, body, signature, check));
                receiver.Signal();
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was received (at most <paramref name="timeout"/>, default 30 s).</summary>
    public async Task UntilAsync(Func<IReadOnlyList<Received>, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(Received)) return;
            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The receiver never got {what}; it has {Received.Count} deliveries after {Attempts} attempts.");
            }
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public static class Eventually
{
    /// <summary>Polls <paramref name="read"/> until <paramref name="condition"/> holds (at most 30 s); returns the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (limit.IsCancellationRequested) Assert.Fail($"Never {what}; last seen: {value}");
            await Task.Delay(20, CancellationToken.None);
        }
    }
}

/// <summary>A test class with a webhook receiver of its own, started before each test and stopped after it.</summary>
public abstract class ReceiverTests(NodaTime.Testing.FakeClock clock) : IAsyncLifetime
{
    protected Receiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await Receiver.StartAsync(() => clock.GetCurrentInstant().ToDateTimeOffset());

    public async Task DisposeAsync() => await Receiver.DisposeAsync();
}
