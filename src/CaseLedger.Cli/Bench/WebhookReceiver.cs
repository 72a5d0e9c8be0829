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
    private readonly SemaphoreSlim _arrivals = new(0);

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", () =>
        {
            _arrivals.Release();
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

    /// <summary>Waits until <paramref name="count"/> more deliveries have arrived than were waited for before.</summary>
    public async Task WaitForAsync(long count, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var got = 0L; got < count; got++)
        {
            var left = timeout - waited.Elapsed;
            if (left <= TimeSpan.Zero || !await _arrivals.WaitAsync(left))
                throw new TimeoutException($"The receiver had {got} of {count} webhook deliveries after {timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrivals.Dispose();
    }
}
