using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Domain.Penalty;
using CaseLedger.Json;
using Microsoft.AspNetCore.Builder;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// Issue #20's memory row: the process's peak working set during a bounded burst of maximum-size requests over HTTP (bodies
/// just under the 1 MiB limit, accepted; just over it, 413; and with a text over its field's maximum, 400), sampled every 20 ms.
/// The benchmark's client runs in the same process, so the figure includes it.
/// </summary>
public sealed partial class Benchmark
{
    private const int BurstConcurrency = 16;
    private const double PeakMemoryTargetMb = 600;

    private async Task PeakMemoryAsync(WebApplication app, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        var requests = Math.Clamp(sizes.OpsPerConcurrency, 32, 480);
        progress($"memory: the process's peak working set during {requests} requests of about 1 MiB, {BurstConcurrency} at a time");
        using var client = ClientOf(app, officerToken);
        var cases = await CasesForAsync(BurstConcurrency, requests / BurstConcurrency, filedCase);
        var limit = 1024 * 1024;
        var accepted = MaximumBody(evidence, limit - 64, overlong: false);
        var tooLarge = MaximumBody(evidence, limit + 64, overlong: false);
        var overlong = MaximumBody(evidence, limit - 64, overlong: true);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var measured = await Measure.ConcurrentlyAsync(BurstConcurrency, requests / BurstConcurrency, _cpu, async (worker, i) =>
        {
            var (body, expected) = (i % 4) switch
            {
                0 => (tooLarge, 413),
                1 => (overlong, 400),
                _ => (accepted, 200),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{CaseFor(cases, worker, i)}/collect-evidence")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            // A body over the limit is refused on its Content-Length, before it is sent.
            request.Headers.ExpectContinue = expected == 413;
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException) when (expected == 413)
            {
                return; // Refused, and the connection closed while the client was still sending.
            }
            using var answered = response;
            if ((int)response.StatusCode != expected)
                throw new InvalidOperationException($"A request of the memory burst answered {(int)response.StatusCode}, not {expected}.");
        });
        await sampling.CancelAsync();
        await sampler;
        var peakMb = peak / 1024.0 / 1024.0;
        Add(new BenchFigure("memory", $"peak working set, {requests} requests of ~1 MiB (from {(before / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture)} MB)",
            BurstConcurrency, requests, peakMb, measured.P50Ms, measured.P99Ms, Unit: "MB peak")
        {
            Target = $"< {PeakMemoryTargetMb.ToString(CultureInfo.InvariantCulture)} MB",
            Met = peakMb < PeakMemoryTargetMb,
        });
    }

    /// <summary>collect-evidence with its description at the narrative maximum, padded with fields the command ignores to <paramref name="bytes"/>.</summary>
    private static string MaximumBody(CollectEvidence evidence, int bytes, bool overlong)
    {
        var body = JsonSerializer.SerializeToNode(evidence, CaseLedgerJson.Responses)!.AsObject();
        body["description"] = new string('证', overlong ? 10_001 : 10_000);
        var size = Encoding.UTF8.GetByteCount(body.ToJsonString());
        for (var n = 0; size < bytes; n++)
        {
            var pad = Math.Min(500, bytes - size - 12 - n.ToString(CultureInfo.InvariantCulture).Length);
            if (pad <= 0) break;
            body[$"p{n}"] = new string('x', pad);
            size = Encoding.UTF8.GetByteCount(body.ToJsonString());
        }
        if (size < bytes) body["z"] = new string('y', Math.Max(0, Math.Min(500, bytes - size - 6)));
        return body.ToJsonString();
    }
}
