namespace CaseLedger.Cli.Bench;

/// <summary>
/// <c>caseledger bench --cases N</c> (issue #22 item 5, issue #21's performance at a million cases): N cases bulk-loaded through
/// the engine's own deciders, event format and chain (<see cref="BulkLoad"/>), the read models projected by the engine's rebuild,
/// then the board, the figures, replay, verification and the audit measured at that size, and a command appended on a loaded
/// case. The load must verify: the audit's findings are counted (<see cref="ScaleFindings"/>) and fail the command.
/// </summary>
public sealed partial class Benchmark
{
    public const string ScaleSchema = "caseledger_bench_scale";

    /// <summary>
    /// The whole audit holds every event in memory and takes minutes a million events on two cores: above this many it is
    /// measured on a sample of cases, one at a time.
    /// </summary>
    public const long WholeAuditEvents = 500_000;

    private int _scaleCases;

    public async Task<IReadOnlyList<BenchFigure>> ScaleAsync(int cases)
    {
        _scaleCases = cases;
        await DropScaleSchemaAsync();
        try
        {
            await MeasureScaleAsync(cases);
            return _figures;
        }
        finally
        {
            await DropScaleSchemaAsync();
            File.Delete(_checkpointKey);
        }
    }

    private async Task DropScaleSchemaAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var drop = dataSource.CreateCommand($"drop schema if exists {ScaleSchema} cascade");
        await drop.ExecuteNonQueryAsync();
    }

    private async Task MeasureScaleAsync(int cases)
    {
        var settings = new CaseLedgerSettings(connectionString, clock) { Schema = ScaleSchema, CheckpointKeyPath = _checkpointKey };
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var agencies = Math.Clamp(cases / 1_000, 2, 20);
        ScaleRegister register;
        progress($"scale: {agencies} agencies and a reconsideration office registered by commands");
        await using (var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning)))
        {
            await app.StartAsync();
            register = await ScaleRegister.RegisterAsync(app.Services.GetRequiredService<IMessageBus>(), app.Services.GetRequiredService<IDocumentStore>(),
                agencies, today, Guid.NewGuid().ToString("N")[..6]);
            await app.StopAsync();
        }

        // Loaded and rebuilt with no host running: nothing else appends while the loader numbers the events.
        BulkLoaded loaded;
        await using (var bare = await CaseLedgerStore.OpenAsync(settings))
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            progress($"scale: {cases:N0} cases decided, chained and copied into the event tables");
            loaded = await new BulkLoad(bare.Store, dataSource, register, clock, bare.Calendar).LoadAsync(cases, progress);
            if (loaded.Refused > 0) progress($"scale: {loaded.Refused:N0} cases ended early on a refusal, e.g. {loaded.FirstRefusal}");
            Add(new BenchFigure("scale", $"bulk load: {cases:N0} cases, {loaded.Events:N0} events decided, chained, binary COPY ({loaded.Elapsed.TotalSeconds:N0} s)",
                1, loaded.Events, loaded.Events / loaded.Elapsed.TotalSeconds, null, null, Unit: "events/s"));

            progress("scale: the read models projected from the loaded events by the engine's rebuild");
            var rebuilding = System.Diagnostics.Stopwatch.StartNew();
            var total = await ReadModels.RebuildAsync(bare.Store, null,
                cases > 2_000 ? new Progress<(long Done, long Total)>(p => progress($"scale: rebuilt {p.Done:N0} of {p.Total:N0} events' read models")) : null);
            rebuilding.Stop();
            Add(new BenchFigure("scale", $"read models rebuilt from {total:N0} events ({rebuilding.Elapsed.TotalSeconds:N0} s)", 1, total,
                total / rebuilding.Elapsed.TotalSeconds, null, null, Unit: "events/s"));
            await using var analyze = dataSource.CreateCommand($"vacuum analyze"); // as autovacuum leaves the tables shortly after a load
            await analyze.ExecuteNonQueryAsync();
        }

        await using (var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning)))
        {
            await app.StartAsync();
            var size = $"{cases:N0} cases";
            await CommandOnLoadedCaseAsync(app.Services.GetRequiredService<IMessageBus>(), register, loaded.UnderInvestigation, today, size);
            using var client = await AdministratorClientAsync(app);
            var agency = register.Agencies[0].Id;
            foreach (var status in new[] { "open", "overdue", "due-soon" })
            {
                await LatencyAsync("scale", $"GET /api/deadlines?status={status}&agency= (one agency of {agencies}, {size})", sizes.ReplayRepeats,
                    () => GetAsync(client, $"/api/deadlines?status={status}&agency={agency}&limit=50"));
                await LatencyAsync("scale", $"GET /api/deadlines?status={status} (every agency, {size})", sizes.ReplayRepeats,
                    () => GetAsync(client, $"/api/deadlines?status={status}&limit=50"));
            }
            await LatencyAsync("scale", $"GET /api/agencies/{{id}}/figures (one agency of {agencies}, {size})", sizes.ReplayRepeats,
                () => GetAsync(client, $"/api/agencies/{agency}/figures"));
            await ScaleReplayAsync(app.Services.GetRequiredService<IDocumentStore>(), app.Services.GetRequiredService<NpgsqlDataSource>(), size);
            await ScaleAuditAsync(app.Services, loaded, size);
            await app.StopAsync();
        }
    }

    private static async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
    }

    private async Task LatencyAsync(string group, string name, int repeats, Func<Task> operation)
    {
        var (p50, p99) = await Measure.LatencyAsync(repeats, operation);
        Add(new BenchFigure(group, name, 1, repeats, 1000 / p50, p50, p99));
    }

    /// <summary>Commands on a loaded case still under investigation: accepted, chained after the loaded events.</summary>
    private async Task CommandOnLoadedCaseAsync(IMessageBus bus, ScaleRegister register, string caseId, LocalDate today, string size)
    {
        var agency = register.Agencies[0];
        var evidence = new CollectEvidence(EvidenceKind.Documentary, "补充证据", agency.Investigators, today.PlusDays(-1), Media);
        await LatencyAsync("scale", $"collect-evidence on a loaded case, in process ({size})", Math.Max(3, sizes.ReplayRepeats / 4), async () =>
        {
            var result = await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, evidence, agency.Investigator));
            if (result.Refusal is { } refusal) throw new InvalidOperationException($"A command on a loaded case was refused: {refusal.Code}: {refusal.Message}");
        });
    }

    /// <summary>Loaded cases as they stood halfway through their story: a sample, each at the instant between its first and last event.</summary>
    private async Task ScaleReplayAsync(IDocumentStore store, NpgsqlDataSource dataSource, string size)
    {
        var sample = (await SampleCasesAsync(dataSource, 200)).Select(s => (s.Id, AsOf: s.Created + (s.Last - s.Created) / 2)).ToList();
        var next = 0;
        await LatencyAsync("scale", $"replay: a loaded case as of an instant halfway through it ({size})", sizes.ReplayRepeats, async () =>
        {
            var (id, asOf) = sample[Interlocked.Increment(ref next) % sample.Count];
            await using var query = store.QuerySession();
            if ((await CaseHistory.AsOfAsync(query, id, asOf)).State is null) throw new InvalidOperationException($"Loaded case {id} did not replay.");
        });
    }

    /// <summary>
    /// The chains of every loaded event, then the whole audit (chains, procedure, read models projected again) up to
    /// <see cref="WholeAuditEvents"/>; above it a sample of cases audited one at a time. Findings are counted, the first few shown.
    /// </summary>
    private async Task ScaleAuditAsync(IServiceProvider services, BulkLoaded loaded, string size)
    {
        progress("scale: the hash chain of every event verified");
        var chains = new ChainCheck();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await foreach (var _ in chains.Checking(services.GetRequiredService<StoredLog>().StreamAsync())) { }
        Add(new BenchFigure("scale", $"verification: hash chain of {chains.Events:N0} events ({size})", 1, chains.Events, chains.Events / started.Elapsed.TotalSeconds,
            null, null, Unit: "events/s"));
        var findings = chains.Findings.ToList();

        var auditor = services.GetRequiredService<AuditService>();
        if (loaded.Events <= WholeAuditEvents)
        {
            progress("scale: the whole audit");
            started.Restart();
            var report = await auditor.VerifyAsync();
            Add(new BenchFigure("scale", $"the whole audit of {report.Events:N0} events ({size}, {report.Findings.Count(f => f.Kind != "deadline-missed")} findings besides missed deadlines)", 1, report.Events,
                report.Events / started.Elapsed.TotalSeconds, null, null, Unit: "events/s"));
            findings.AddRange(report.Findings);
        }
        else
        {
            progress($"scale: the whole audit holds every event in memory; above {WholeAuditEvents:N0} events a sample of 10 cases is audited one at a time");
            var sample = (await SampleCasesAsync(services.GetRequiredService<NpgsqlDataSource>(), 10)).Select(s => s.Id).ToList();
            var next = 0;
            await LatencyAsync("scale", $"audit of one loaded case: chain, procedure, read models ({size})", sample.Count, async () =>
                findings.AddRange((await auditor.VerifyAsync(sample[Interlocked.Increment(ref next) % sample.Count])).Findings));
        }
        // The stalled cases' lapsed deadlines are the agencies' doing, as the mix intends: the audit is right to report them.
        var missed = findings.Count(f => f.Kind == "deadline-missed");
        progress($"scale: the audit reports {missed:N0} deadlines missed by the agencies of the loaded cases (the mix's stalled and unpaid cases)");
        var wrong = findings.Where(f => f.Kind != "deadline-missed").ToList();
        foreach (var f in wrong.Take(5)) progress($"scale: finding {f.Code} on {f.Stream} v{f.Version}: {f.Message}");
        _scaleFindings = wrong.Count;
    }

    private int _scaleFindings;

    /// <summary>Loaded cases picked at random, with the instants of their first and last events.</summary>
    private static async Task<List<(string Id, Instant Created, Instant Last)>> SampleCasesAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var command = dataSource.CreateCommand(
            $"select id, created, timestamp from {ScaleSchema}.mt_streams where type = 'case_file' order by random() limit {count}");
        await using var reader = await command.ExecuteReaderAsync();
        var sample = new List<(string, Instant, Instant)>();
        while (await reader.ReadAsync())
            sample.Add((reader.GetString(0), reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2)));
        return sample;
    }

    /// <summary>
    /// How many findings the scale run's audit reported about the loaded cases besides the deadlines their agencies missed
    /// (0: the load is what the engine records: chains, procedure and read models).
    /// </summary>
    public int ScaleFindings => _scaleFindings;
}
