using CaseLedger.Cli.Bench;
using CaseLedger.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Cli;

public class when_running_the_benchmark
{
    // Proves the benchmark runs end to end at tiny sizes; it asserts on no timing (figures live in `caseledger bench`).
    [Fact]
    public async Task every_part_of_the_benchmark_runs_and_reports_a_figure()
    {
        var connection = await TestPostgres.NewDatabaseAsync("bench");
        var steps = new List<string>();
        var schemasBefore = await SchemasAsync(connection);
        var server = await TestPostgres.InstanceAsync();
        var figures = await new Benchmark(connection, BenchSizes.Tiny, new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30)), steps.Add, server.DataDirectory).RunAsync();

        Assert.Contains(figures, f => f.Group == "raw limit" && f.Name == "Npgsql binary COPY");
        // The run is kept with what it ran on: the server's durability settings move every raw limit.
        var environment = await BenchEnvironment.ReadAsync(connection, "tiny");
        Assert.All(new[] { "server_version", "fsync", "synchronous_commit" }, setting => Assert.False(string.IsNullOrEmpty(environment.Server.GetValueOrDefault(setting)), setting));
        foreach (var concurrency in new[] { 1, 4, 16 })
        {
            Assert.Contains(figures, f => f.Group == "raw limit" && f.Concurrency == concurrency && f.Name == "one durable commit per row");
            Assert.Contains(figures, f => f.Group == "bare Marten" && f.Name == "append, one event per transaction" && f.Concurrency == concurrency && f.Ratio > 0);
            // Marten's own command pattern appended through its inline snapshot (a projection that failed would have thrown).
            Assert.Contains(figures, f => f.Group == "bare Marten" && f.Name == "fetch for writing, append, inline snapshot" && f.Concurrency == concurrency && f.Ratio > 0);
            Assert.Contains(figures, f => f.Name == "collect-evidence in process" && f.Concurrency == concurrency && f.Ratio > 0);
            // Whole cases, lead to archive: every command of the lifecycle was accepted (a refusal stops the benchmark).
            Assert.Contains(figures, f => f.Name.StartsWith("whole cases in process, lead to archive", StringComparison.Ordinal) && f.Concurrency == concurrency && f.Ratio > 0);
            Assert.Contains(figures, f => f.Name == "collect-evidence over HTTP" && f.Concurrency == concurrency && f.Ratio > 0);
            Assert.Contains(figures, f => f.Name == "collect-evidence over HTTP, Idempotency-Key" && f.Concurrency == concurrency && f.Ratio > 0);
            Assert.Contains(figures, f => f.Name == "reconsideration investigate in process" && f.Concurrency == concurrency && f.Ratio > 0);
        }
        Assert.Equal(2, figures.Count(f => f.Group == "replay"));
        // Every console page read signed in for a case of BenchSizes.ShortCase events, its p95 kept (issue #21).
        Assert.Equal(8, figures.Count(f => f.Group == "console page" && f.P95Ms > 0 && f.Name.Contains(" 10-event case", StringComparison.Ordinal)));
        // The board's three lists right after a bulk load of cases, and again once it is analysed.
        Assert.Equal(3, figures.Count(f => f.Group == "deadline board" && f.Name.Contains("statistics from before the load", StringComparison.Ordinal)));
        Assert.Equal(6, figures.Count(f => f.Group == "deadline board"));
        // The figures and their trend, both read from the counters.
        Assert.Equal(2, figures.Count(f => f.Group == "agency figures"));
        Assert.Single(figures, f => f.Group == "integrators" && f.Name.StartsWith("catch-up feed", StringComparison.Ordinal) && f.Operations > 0);
        // The webhook row counts what the receiver got, so it proves a backlog was delivered whole.
        Assert.Single(figures, f => f.Group == "integrators" && f.Name.StartsWith("webhook delivery", StringComparison.Ordinal) && f.Operations > 0);
        Assert.Equal(3, figures.Count(f => f.Group == "live delivery" && f.P99Ms > 0));
        // The auditors' exports verified offline (a file that did not would have stopped the benchmark).
        Assert.Equal(4, figures.Count(f => f.Group == "auditors" && f.Unit == "events/s" && f.Operations > 0));
        // The whole audit's rate, read models compared (issue #19).
        Assert.Single(figures, f => f.Group == "auditors" && f.Name.StartsWith("the whole audit", StringComparison.Ordinal) && f.PerSecond > 0);
        Assert.Single(figures, f => f.Group == "auditors" && f.Name.StartsWith("export of an archived case", StringComparison.Ordinal) && f.P99Ms > 0);
        // The process's peak memory during a burst of requests of about 1 MiB (issue #20), judged against its target.
        Assert.Single(figures, f => f.Group == "memory" && f.Unit == "MB peak" && f.Met is not null);
        // Fresh serve processes timed to their first command (issue #18), judged against the 1 s target.
        Assert.Single(figures, f => f.Group == "start-up" && f.Unit == "ms worst" && f.Operations == 3 && f.Met is not null);
        // Two serve processes on one database against one, alternately at the same concurrency (issue #22).
        Assert.All(new[] { 4, 16 }, concurrency => Assert.Single(figures, f => f.Group == "scale" && f.Concurrency == concurrency
            && f.ComparedWith == "one serve process" && f.ReferencePerSecond > 0 && f.Ratio == f.PerSecond / f.ReferencePerSecond));
        Assert.Contains(figures, f => f.Group == "rebuild" && f.Ratio > 0);
        Assert.Contains(figures, f => f.Group == "verification" && f.Ratio > 0);
        Assert.All(figures, f => Assert.True(f.PerSecond > 0, f.Name));
        // It wrote only in schemas of its own and dropped them: a store in the same database (CASELEDGER_DB) is never touched.
        Assert.Equal(schemasBefore, await SchemasAsync(connection));
        Assert.DoesNotContain("caseledger", schemasBefore);
        // Each target is judged in the run; at tiny sizes only the ratio targets apply (latency targets name their sizes).
        Assert.All(figures.Where(f => f.Group is "CaseLedger" or "rebuild" or "verification"), f => Assert.NotNull(f.Met));
        Assert.All(figures.Where(f => f.Group is "replay" or "deadline board"), f => Assert.Null(f.Target));
        // Every figure compared with bare Marten was measured alongside it and carries the append's own throughput from then.
        Assert.All(figures.Where(f => f.Group is "CaseLedger" or "diagnosis" || f.Name == "fetch for writing, append, inline snapshot"), f =>
        {
            Assert.True(f.ReferencePerSecond > 0, f.Name);
            Assert.Equal(f.PerSecond / f.ReferencePerSecond, f.Ratio);
        });
        // Every throughput figure is set against the raw limit as well as against its target's reference.
        Assert.All(figures.Where(f => f.Group is not ("raw limit" or "replay" or "deadline board" or "agency figures" or "live delivery" or "memory" or "start-up" or "console page") && !(f.Group == "auditors" && f.P50Ms is not null)), f => Assert.True(f.RawRatio > 0, f.Name));
        // Every concurrent figure says what each operation cost in CPU on either side (the server is local here).
        Assert.All(figures.Where(f => f.Group is "bare Marten" or "CaseLedger" or "diagnosis"), f =>
        {
            Assert.True(f.ClientCpuUsPerOp >= 0, f.Name);
            Assert.True(f.ServerCpuUsPerOp >= 0, f.Name);
        });
    }

    private static async Task<List<string>> SchemasAsync(string connection)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1");
        await using var reader = await command.ExecuteReaderAsync();
        var schemas = new List<string>();
        while (await reader.ReadAsync()) schemas.Add(reader.GetString(0));
        return schemas;
    }
}
