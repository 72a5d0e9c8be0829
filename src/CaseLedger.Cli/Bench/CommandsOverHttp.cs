namespace CaseLedger.Cli.Bench;

/// <summary>collect-evidence over HTTP with an officer's token, with and without an Idempotency-Key.</summary>
public sealed partial class Benchmark
{
    /// <summary>Sent as an enforcement officer of the agency sends them: with the officer's own token.</summary>
    private async Task CommandsOverHttpAsync(WebApplication app, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands over HTTP, with an officer's token");
        using var client = ClientOf(app, officerToken);
        var body = JsonSerializer.Serialize(evidence, CaseLedgerJson.Responses);
        // Integrators send each command with an Idempotency-Key, so that a retried request appends once: measured both ways.
        var run = Guid.NewGuid().ToString("N");
        foreach (var keyed in new[] { false, true })
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("CaseLedger", keyed ? "collect-evidence over HTTP, Idempotency-Key" : "collect-evidence over HTTP", concurrency, Ops(concurrency), async (worker, i) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{CaseFor(cases, worker, i)}/collect-evidence")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (keyed) request.Headers.Add("Idempotency-Key", $"bench-{run}-{concurrency}-{worker}-{i}");
                using var response = await client.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"The benchmark's command was refused: {await response.Content.ReadAsStringAsync()}");
            });
        }
    }
}
