namespace CaseLedger.Cli.Bench;

/// <summary>Verification of the hash chain, and an auditor's exports with their offline verification.</summary>
public sealed partial class Benchmark
{
    /// <summary>The hash chain of every stored event checked from the event table alone, as `caseledger audit` reads it.</summary>
    private async Task VerificationAsync(StoredLog log)
    {
        progress("verification: the hash chain of every stored event");
        var passes = new List<double>();
        ChainCheck chains = new();
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            chains = new ChainCheck();
            await foreach (var _ in chains.Checking(log.StreamAsync())) { }
            passes.Add(chains.Events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        if (chains.Findings.Count > 0) progress($"verification found {chains.Findings.Count} chain findings (events appended around the pipeline)");
        AddEventsPerSecond("verification", $"hash chain of {chains.Events:N0} events", chains.Events, perSecond);
    }

    /// <summary>
    /// The whole audit as <c>caseledger audit</c> runs it (issue #19): the chains, the procedure of every case, and every read model
    /// projected again from the events and compared with the stored one; the comparison is most of its time.
    /// </summary>
    private async Task WholeAuditAsync(AuditService auditor)
    {
        progress("auditors: the whole audit, read models projected again and compared");
        var passes = new List<double>();
        var events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var report = await auditor.VerifyAsync();
            passes.Add(report.Events / started.Elapsed.TotalSeconds);
            events = report.Events;
        }
        AddEventsPerSecond("auditors", $"the whole audit of {events:N0} events: chains, procedure, read models projected again and compared", events, Median(passes));
    }

    /// <summary>
    /// An auditor's exports (<c>caseledger export</c> and <c>verify</c>): the whole log with a fresh signed checkpoint, checked
    /// offline with nothing but the file and the public key; and one archived case with an inclusion proof of each of its events,
    /// which is proved against the checkpoint over the whole log.
    /// </summary>
    private async Task ExportsAsync(IServiceProvider services, Func<Task<string>> archivedCase)
    {
        progress("auditors: export of the whole log, its offline verification, one case's export");
        var exports = services.GetRequiredService<ExportBuilder>();
        var publicKey = services.GetRequiredService<CheckpointService>().Key.PublicKeyPem;
        var exported = new List<double>();
        var verified = new List<double>();
        var events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var file = ExportBuilder.Write(await exports.BuildAsync(null));
            var exportSeconds = started.Elapsed.TotalSeconds;
            // The export's garbage is not the verifier's cost: an auditor verifies on another machine.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            started.Restart();
            var result = ExportVerifier.Verify(file, publicKey);
            var verifySeconds = started.Elapsed.TotalSeconds;
            if (!result.Verified) throw new InvalidOperationException($"The benchmark's export did not verify: {result.Problems[0]}");
            events = result.Events;
            exported.Add(events / exportSeconds);
            verified.Add(events / verifySeconds);
        }
        AddEventsPerSecond("auditors", $"export of the whole log, {events:N0} events, with a signed checkpoint", events, Median(exported));
        AddEventsPerSecond("auditors", "offline verification of that export (signatures, chains, proofs)", events, Median(verified));

        // `caseledger audit` also checks every signed checkpoint (one every CheckpointEvery events) against the events stored now.
        var checkpointPasses = new List<double>();
        var checkpointCount = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (count, findings) = await services.GetRequiredService<CheckpointService>().VerifyAllAsync();
            if (findings.Count > 0) throw new InvalidOperationException($"The benchmark's checkpoints did not verify: {findings[0].Message}");
            checkpointCount = count;
            checkpointPasses.Add(events / started.Elapsed.TotalSeconds);
        }
        AddEventsPerSecond("auditors", $"every signed checkpoint ({checkpointCount:N0}) checked against the {events:N0} events stored", events, Median(checkpointPasses));

        var caseId = await archivedCase();
        var caseEvents = 0;
        var repeats = Math.Max(sizes.ReplayRepeats / 10, 3);
        var (p50, p99) = await Measure.LatencyAsync(repeats, async () =>
        {
            var result = ExportVerifier.Verify(ExportBuilder.Write(await exports.BuildAsync(caseId)), publicKey);
            if (!result.Verified) throw new InvalidOperationException($"The benchmark's case export did not verify: {result.Problems[0]}");
            caseEvents = result.Events;
        });
        Add(new BenchFigure("auditors", $"export of an archived case ({caseEvents} events, each with its inclusion proof) from a log of {events:N0}, and its verification",
            1, repeats, 1000 / p50, p50, p99));
    }
}
