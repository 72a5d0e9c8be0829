namespace CaseLedger.Cli.Bench;

/// <summary>The deadline board and the agency figures over many cases, bulk-loaded.</summary>
public sealed partial class Benchmark
{
    /// <summary>The board read over HTTP with many open cases, seeded straight into the read model (the query is what is measured).</summary>
    private async Task DeadlineBoardAsync(WebApplication app, IDocumentStore store, string agencyId, string[] officers, string head)
    {
        progress($"deadline board: {sizes.BoardCases:N0} open cases");
        var calendar = app.Services.GetRequiredService<CalendarService>();
        var now = clock.GetCurrentInstant();
        var today = AgencyZone.Today(now);
        Dictionary<string, Domain.Officers.Officer> named;
        Domain.Agencies.Agency agency;
        await using (var query = store.QuerySession())
        {
            named = (await query.LoadManyAsync<Domain.Officers.Officer>([.. officers, head])).ToDictionary(o => o.Id);
            agency = (await query.LoadAsync<Domain.Agencies.Agency>(agencyId))!;
        }
        var docs = new List<CaseLedger.Supervision.CaseSupervision>(sizes.BoardCases);
        for (var i = 0; i < sizes.BoardCases; i++)
        {
            var caseId = Guid.CreateVersion7().ToString();
            var filedOn = today.PlusDays(-(i % 200) - 1);
            var context = new CaseContext(now, _caseRecorder, caseId, named, agency, calendar.Current);
            var lead = PenaltyCase.Decide(new RegisterLead(agencyId, Procedure.General,
                new Party(PartyKind.Organisation, "基准测试有限公司", "91370100MA3C000000"),
                new Violation("bench", filedOn.PlusDays(-10), false, ViolationCategory.Ordinary), "bench", filedOn.PlusDays(-1), officers), null, context);
            var state = lead.Events.Aggregate((PenaltyCaseState?)null, PenaltyCase.Evolve);
            var filed = PenaltyCase.Decide(new FileCase(filedOn, head, officers, officers[0]), state, context);
            state = filed.Events.Aggregate(state, PenaltyCase.Evolve);
            docs.Add(CaseLedger.Supervision.CaseSupervision.Of(caseId, 2, state!, filedOn, calendar.Current, calendar.Stamp));
        }
        var table = store.Options.Schema.For<CaseLedger.Supervision.CaseSupervision>();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        async Task ExecuteAsync(string sql)
        {
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
        // First as the board stands right after a bulk load of cases, before autovacuum has analysed them: the statistics
        // still describe the few cases the benchmark's commands wrote.
        await ExecuteAsync($"analyze {table}; alter table {table} set (autovacuum_enabled = false)");
        await store.BulkInsertAsync(docs, Weasel.Core.BulkInsertMode.OverwriteExisting, batchSize: 5_000);
        using var client = await AdministratorClientAsync(app);
        await BoardAsync(client, agencyId, "statistics from before the load");
        // Then as autovacuum leaves it shortly after.
        await ExecuteAsync($"alter table {table} reset (autovacuum_enabled); analyze {table}");
        await BoardAsync(client, agencyId, null);
        // The agency's figures and their trend read the counters the bulk load kept through their triggers (AgencyFigureCounts):
        // what they cost must not grow with the cases.
        foreach (var (route, name) in new[]
                 {
                     ($"/api/agencies/{agencyId}/figures", $"GET /api/agencies/{{id}}/figures ({sizes.BoardCases:N0} cases)"),
                     ($"/api/agencies/{agencyId}/figures/trend", $"GET /api/agencies/{{id}}/figures/trend ({sizes.BoardCases:N0} cases, 12 months)"),
                 })
        {
            var (p50, p99) = await Measure.LatencyAsync(sizes.ReplayRepeats, async () =>
            {
                using var response = await client.GetAsync(route);
                response.EnsureSuccessStatusCode();
            });
            Add(new BenchFigure("agency figures", name, 1, sizes.ReplayRepeats, 1000 / p50, p50, p99));
        }
    }

    /// <summary>An agency's three board lists, each a page of 50, with the board's many open cases.</summary>
    private async Task BoardAsync(HttpClient client, string agencyId, string? statistics)
    {
        foreach (var status in new[] { "open", "overdue", "due-soon" })
        {
            var (p50, p99) = await Measure.LatencyAsync(sizes.ReplayRepeats, async () =>
            {
                using var response = await client.GetAsync($"/api/deadlines?status={status}&agency={agencyId}&limit=50");
                response.EnsureSuccessStatusCode();
            });
            var name = $"GET /api/deadlines?status={status} ({sizes.BoardCases:N0} open cases{(statistics is null ? "" : $", {statistics}")})";
            Add(new BenchFigure("deadline board", name, 1, sizes.ReplayRepeats, 1000 / p50, p50, p99));
        }
    }
}
