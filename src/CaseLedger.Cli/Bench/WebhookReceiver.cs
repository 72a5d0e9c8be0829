using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// The benchmark's webhook receiver on this machine: takes every delivery at once (204) and counts them, so that what is
/// measured is CaseLedger's delivery, not a receiver's work.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;
    private long _awaited = long.MaxValue;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", () =>
        {
            if (Interlocked.Increment(ref _received) >= Volatile.Read(ref _awaited)) _all.TrySetResult();
            return Results.NoContent();
        });
    }

    public string Url => $"{_app.Urls.First()}/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries have arrived.</summary>
    public async Task WaitForAsync(long count, TimeSpan timeout)
    {
        Volatile.Write(ref _awaited, count);
        if (Interlocked.Read(ref _received) >= count) return;
        try
        {
            await _all.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The receiver had {Interlocked.Read(ref _received)} of {count} webhook deliveries after {timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
