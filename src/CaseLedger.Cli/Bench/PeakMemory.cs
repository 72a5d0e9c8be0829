using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Domain.Penalty;
using CaseLedger.Json;
using CaseLedger.Hosting;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// Issue #20's memory row: the peak resident memory of a <c>caseledger serve</c> process of its own (<see cref="ServedProcess"/>)
/// during a bounded burst of maximum-size requests over HTTP (bodies just under the 1 MiB limit, accepted; just over it, 413;
/// and with a text over its field's maximum, 400). The peak is the kernel's high-water mark over the server's whole life, so no
/// sample misses it; the benchmark's client and its other stores are in another process and not counted.
/// </summary>
public sealed partial class Benchmark
{
    private const int BurstConcurrency = 16;
    private const double PeakMemoryTargetMb = 600;

    private async Task PeakMemoryAsync(CaseLedgerSettings settings, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        var requests = Math.Clamp(sizes.OpsPerConcurrency, 32, 480);
        progress($"memory: a `caseledger serve` process's peak resident memory during {requests} requests of about 1 MiB, {BurstConcurrency} at a time");
        var cases = await CasesForAsync(BurstConcurrency, requests / BurstConcurrency, filedCase);
        await using var served = await ServedProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = served.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", officerToken);
        var limit = settings.MaxRequestBodyBytes;
        var accepted = MaximumBody(evidence, (int)limit - 64, overlong: false);
        var tooLarge = MaximumBody(evidence, (int)limit + 64, overlong: false);
        var overlong = MaximumBody(evidence, (int)limit - 64, overlong: true);

        // One ordinary command first, so that the figure before the burst is a server that has served, not one just started.
        await SendAsync(client, cases[0][0], accepted, 200);
        var before = served.ResidentMb;
        var measured = await Measure.ConcurrentlyAsync(BurstConcurrency, requests / BurstConcurrency, _cpu, async (worker, i) =>
        {
            var (body, expected) = (i % 4) switch
            {
                0 => (tooLarge, 413),
                1 => (overlong, 400),
                _ => (accepted, 200),
            };
            await SendAsync(client, CaseFor(cases, worker, i), body, expected);
        });
        var peakMb = served.PeakResidentMb;
        Add(new BenchFigure("memory", $"serve's peak resident memory, {requests} requests of ~1 MiB (from {before.ToString("N0", CultureInfo.InvariantCulture)} MB)",
            BurstConcurrency, requests, peakMb, measured.P50Ms, measured.P99Ms, Unit: "MB peak")
        {
            Target = $"< {PeakMemoryTargetMb.ToString(CultureInfo.InvariantCulture)} MB",
            Met = peakMb < PeakMemoryTargetMb,
        });
    }

    private static async Task SendAsync(HttpClient client, string caseId, string body, int expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/collect-evidence")
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
