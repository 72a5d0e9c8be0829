namespace CaseLedger.Cli.Bench;

/// <summary>Every read model projected again in one pass.</summary>
public sealed partial class Benchmark
{
    /// <summary>
    /// Every read model rebuilt from the events in one pass, as `caseledger rebuild` does: events in the store per second
    /// of the whole rebuild (the reading, folding, and writing of every document, committed).
    /// </summary>
    private async Task RebuildAsync(CaseLedgerSettings settings)
    {
        progress("rebuild: every read model from the events, in one pass");
        await using var store = await CaseLedgerStore.OpenAsync(settings with { DeadlineSweepInterval = null });
        var passes = new List<double>();
        long events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            events = await store.RebuildAsync(null, null);
            passes.Add(events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        AddEventsPerSecond("rebuild", $"{store.ProjectionNames.Count} read models over {events:N0} events, one pass", events, perSecond);
    }
}
