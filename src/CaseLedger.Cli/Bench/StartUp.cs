using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Json;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// Issue #18's start-up row: fresh <c>caseledger serve</c> processes (<see cref="ServedProcess"/>), each timed from the moment it
/// answers /health (it listens) to the answer of its first command, an officer's collect-evidence over HTTP. The handler code is
/// generated ahead of time (<c>caseledger codegen write</c>), so nothing is compiled on the way.
/// </summary>
public sealed partial class Benchmark
{
    private const int FreshStarts = 3;
    private const double FirstCommandTargetMs = 1000;

    private async Task StartUpAsync(CaseLedgerSettings settings, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress($"start-up: {FreshStarts} fresh `caseledger serve` processes, each timed to its first command");
        var body = JsonSerializer.Serialize(evidence, CaseLedgerJson.Responses);
        var listening = new List<double>();
        var first = new List<double>();
        for (var n = 0; n < FreshStarts; n++)
        {
            var caseId = await filedCase();
            var started = Stopwatch.StartNew();
            await using var served = await ServedProcess.StartAsync(settings);
            listening.Add(started.Elapsed.TotalMilliseconds);
            using var client = new HttpClient { BaseAddress = served.Url };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", officerToken);
            var command = Stopwatch.StartNew();
            using var response = await client.PostAsync(new Uri($"/api/cases/{caseId}/collect-evidence", UriKind.Relative),
                new StringContent(body, Encoding.UTF8, "application/json"));
            first.Add(command.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"The first command of a fresh serve answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        first.Sort();
        listening.Sort();
        var worst = first[^1];
        Add(new BenchFigure("start-up", $"serve's first command after it listens, {FreshStarts} fresh processes (each listening {listening[listening.Count / 2].ToString("N0", CultureInfo.InvariantCulture)} ms after its start)",
            1, FreshStarts, worst, first[first.Count / 2], worst, Unit: "ms worst")
        {
            Target = $"≤ {FirstCommandTargetMs.ToString(CultureInfo.InvariantCulture)} ms",
            Met = worst <= FirstCommandTargetMs,
        });
    }
}
