using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Json;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// Issue #22's scale row: two <c>caseledger serve</c> processes (<see cref="ServedProcess"/>) on one database, the workers
/// shared between them, against one process alone at the same total concurrency, measured alternately in the same run.
/// The ratio says what a second node adds on this machine; on two cores, where PostgreSQL and both servers share the CPU,
/// it is bounded by the cores, not by anything the nodes hold between them (each background duty runs in one of them).
/// </summary>
public sealed partial class Benchmark
{
    private static readonly int[] ProcessConcurrencies = [4, 16];

    private async Task TwoProcessesAsync(CaseLedgerSettings settings, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("scale: collect-evidence over HTTP to two `caseledger serve` processes on one database, against one");
        var body = JsonSerializer.Serialize(evidence, CaseLedgerJson.Responses);
        await using var first = await ServedProcess.StartAsync(settings);
        await using var second = await ServedProcess.StartAsync(settings);
        using var toFirst = ServedClient(first, officerToken);
        using var toSecond = ServedClient(second, officerToken);
        foreach (var concurrency in ProcessConcurrencies)
        {
            var ops = Ops(concurrency);
            var twoCases = await CasesForAsync(concurrency, ops, filedCase);
            var oneCases = await CasesForAsync(concurrency, ops, filedCase);
            var (two, one) = await Measure.AlternatelyAsync(concurrency, ops, _cpu,
                (worker, i) => SendEvidenceAsync(worker % 2 == 0 ? toFirst : toSecond, CaseFor(twoCases, worker, i), body),
                (worker, i) => SendEvidenceAsync(toFirst, CaseFor(oneCases, worker, i), body));
            Add(new BenchFigure("scale", "collect-evidence over HTTP, two serve processes on one database (workers split between them)",
                concurrency, concurrency * ops, two.PerSecond, two.P50Ms, two.P99Ms, "one serve process", two.PerSecond / one.PerSecond,
                ClientCpuUsPerOp: two.ClientCpuUsPerOp, ServerCpuUsPerOp: two.ServerCpuUsPerOp, RawRatio: two.PerSecond / Raw("one durable commit per row", concurrency),
                ReferencePerSecond: one.PerSecond));
        }
    }

    private static HttpClient ServedClient(ServedProcess served, string officerToken)
    {
        var client = new HttpClient { BaseAddress = served.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", officerToken);
        return client;
    }

    private static async Task SendEvidenceAsync(HttpClient client, string caseId, string body)
    {
        using var response = await client.PostAsync(new Uri($"/api/cases/{caseId}/collect-evidence", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"A served process refused the benchmark's command: {await response.Content.ReadAsStringAsync()}");
    }
}
