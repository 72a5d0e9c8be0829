namespace CaseLedger.Cli.Bench;

/// <summary>CaseLedger commands through the message bus: collect-evidence, whole cases from lead to archive, a reconsideration's investigations, and the read-and-decide diagnosis.</summary>
public sealed partial class Benchmark
{
    private async Task CommandsInProcessAsync(IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands in process (Wolverine, all rules, inline projections)");
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("CaseLedger", "collect-evidence in process", concurrency, Ops(concurrency),
                (worker, i) => RunAsync(bus, CaseFor(cases, worker, i), evidence));
        }
    }

    /// <summary>
    /// Whole cases, one command after another: each worker records cases from lead to archive, so the mix of commands is an
    /// agency's (filing reads the agency and its policy, the decision checks review and hearing rights, closing the payment)
    /// rather than one command repeated. Throughput and latency are per command.
    /// </summary>
    private async Task WholeCasesInProcessAsync(IMessageBus bus, IReadOnlyList<ICaseCommand> lifecycle)
    {
        progress("CaseLedger whole penalty cases in process, lead to archive");
        foreach (var concurrency in Concurrencies)
        {
            // Whole cases only; the warm-up then also starts at a lead, on cases of its own.
            var perWorker = (Ops(concurrency) + lifecycle.Count - 1) / lifecycle.Count * lifecycle.Count;
            var cases = new System.Collections.Concurrent.ConcurrentDictionary<(int Worker, int Case), string>();
            await AgainstBareMartenAsync("CaseLedger", $"whole cases in process, lead to archive ({lifecycle.Count} commands each)", concurrency, perWorker,
                (worker, i) => RunAsync(bus, cases.GetOrAdd((worker, i / lifecycle.Count), _ => StreamKeys.NewCaseId()), lifecycle[i % lifecycle.Count]),
                concurrency * perWorker);
        }
    }

    /// <summary>The linked proceedings' commands go through the same pipeline with their own decider and board document.</summary>
    private async Task RemedyCommandsInProcessAsync(IMessageBus bus, Investigate investigate, Func<Task<string>> reconsiderationUnderWay)
    {
        progress("CaseLedger remedy commands in process (a reconsideration's investigations)");
        foreach (var concurrency in Concurrencies)
        {
            var streams = await CasesForAsync(concurrency, Ops(concurrency), reconsiderationUnderWay);
            await AgainstBareMartenAsync("CaseLedger", "reconsideration investigate in process", concurrency, Ops(concurrency),
                // Each investigation its own: the same one recorded twice is one investigation, and nothing is appended.
                (worker, i) => RunAsync(bus, CaseFor(streams, worker, i), investigate with { Description = $"调查取证 {worker}-{i}" }));
        }
    }

    /// <summary>
    /// Where a command's time goes: the same command's read (case file, officers, stream version) and pure decision, with
    /// nothing written, as the pipeline does them. Its ratio to bare Marten bounds what any saving on the read could give.
    /// </summary>
    private async Task ReadAndDecideAsync(IDocumentStore store, IEnumerable<IStreamDecider> deciders, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands: the read and the decision alone, nothing written");
        var decider = deciders.First(d => d.Handles(evidence));
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("diagnosis", "collect-evidence: read and decide only, nothing written", concurrency, Ops(concurrency), async (worker, i) =>
            {
                await using var session = store.LightweightSession();
                await session.BeginTransactionAsync(CancellationToken.None);
                var pending = await decider.DecideAsync(new RunCommand(CaseFor(cases, worker, i), evidence, _caseRecorder), session,
                    clock.GetCurrentInstant(), CancellationToken.None);
                if (pending.Decision.Refusal is { } refusal)
                    throw new InvalidOperationException($"The benchmark's command was refused: {refusal.Code}: {refusal.Message}");
            });
        }
    }
}
