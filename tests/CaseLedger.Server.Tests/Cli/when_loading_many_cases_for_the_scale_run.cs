using CaseLedger.Cli.Bench;
using CaseLedger.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Cli;

/// <summary>
/// <c>caseledger bench --cases N</c> (issue #22 item 5): the bulk load goes through the engine's own deciders, event format
/// and chain, so that what it loads is what the engine would have recorded. Proved at 200 cases: the whole audit (chains,
/// procedure, read models projected again) finds nothing but the deadlines the mix's stalled cases let lapse, and commands
/// appended on a loaded case are accepted and chained after its loaded events.
/// </summary>
public class when_loading_many_cases_for_the_scale_run
{
    [Fact]
    public async Task the_loaded_cases_verify_and_take_further_commands()
    {
        var connection = await TestPostgres.NewDatabaseAsync("scale");
        var server = await TestPostgres.InstanceAsync();
        var steps = new List<string>();
        var bench = new Benchmark(connection, BenchSizes.Tiny, new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30)), steps.Add, server.DataDirectory);

        var figures = await bench.ScaleAsync(200).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(0, bench.ScaleFindings);
        Assert.DoesNotContain(steps, s => s.Contains("ended early on a refusal", StringComparison.Ordinal));
        // About 20 events a case, every one decided and chained: loaded, then rebuilt into the read models.
        var load = Assert.Single(figures, f => f.Name.StartsWith("bulk load: 200 cases", StringComparison.Ordinal));
        Assert.InRange(load.Operations, 200 * 12, 200 * 30);
        Assert.Single(figures, f => f.Name.StartsWith("read models rebuilt from", StringComparison.Ordinal) && f.Operations > load.Operations);
        // A command on a loaded case was accepted each time (a refusal throws), then the audit covered it too.
        Assert.Single(figures, f => f.Name.StartsWith("collect-evidence on a loaded case", StringComparison.Ordinal) && f.P99Ms > 0);
        var audit = Assert.Single(figures, f => f.Name.StartsWith("the whole audit of", StringComparison.Ordinal));
        Assert.Contains("0 findings besides missed deadlines", audit.Name, StringComparison.Ordinal);
        Assert.True(audit.Operations > load.Operations);
        // The mix lets some deadlines lapse, as agencies do: the audit reports them.
        Assert.Contains(steps, s => s.Contains("deadlines missed by the agencies", StringComparison.Ordinal) && !s.Contains("reports 0 ", StringComparison.Ordinal));
        Assert.Equal(6, figures.Count(f => f.Name.StartsWith("GET /api/deadlines", StringComparison.Ordinal) && f.P99Ms > 0));
        Assert.Single(figures, f => f.Name.StartsWith("GET /api/agencies/{id}/figures", StringComparison.Ordinal));
        Assert.Single(figures, f => f.Name.StartsWith("replay: a loaded case", StringComparison.Ordinal));
        Assert.All(figures, f => Assert.Equal("scale", f.Group));

        // Its schema is dropped at the end, as the benchmark's own.
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand($"select count(*) from pg_namespace where nspname = '{Benchmark.ScaleSchema}'");
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
