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

    /// <summary>
    /// <c>--only rebuild</c>: the machine's limits, then cases bulk-loaded through the engine's deciders and chain (as the
    /// scale run loads them, a tenth of the board's size) and rebuilt, without the nine minutes of every other row.
    /// </summary>
    private async Task<IReadOnlyList<BenchFigure>> RebuildOnlyAsync()
    {
        var settings = new CaseLedgerSettings(connectionString, clock) { Schema = Schema, CheckpointKeyPath = _checkpointKey };
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        ScaleRegister register;
        await using (var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning)))
        {
            await app.StartAsync();
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            var evidence = new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", ["bench-1", "bench-2"], today, Media);
            await RawLimitAsync(dataSource, JsonSerializer.Serialize(Sample(StreamKeys.NewCaseId(), evidence, today, 1), CaseLedgerJson.Stored));
            register = await ScaleRegister.RegisterAsync(app.Services.GetRequiredService<IMessageBus>(), app.Services.GetRequiredService<IDocumentStore>(),
                2, today, Guid.NewGuid().ToString("N")[..6]);
            await app.StopAsync();
        }
        var cases = Math.Max(20, sizes.BoardCases / 10);
        await using (var bare = await CaseLedgerStore.OpenAsync(settings with { DeadlineSweepInterval = null }))
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            progress($"rebuild: {cases:N0} cases decided, chained and copied into the event tables");
            await new BulkLoad(bare.Store, dataSource, register, clock, bare.Calendar).LoadAsync(cases, progress);
        }
        await RebuildAsync(settings);
        return _figures;
    }
}
