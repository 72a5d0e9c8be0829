using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using CaseLedger.Hosting;
using CaseLedger.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseLedger.Tests.Hosting;

/// <summary>
/// Issue #20: the embedded PostgreSQL is supervised. A killed postmaster is started again (crash recovery) with nothing
/// committed lost; a cluster whose starter was killed is adopted and stopped at the adopter's exit. Each test has its own cluster.
/// </summary>
public class when_the_embedded_postgres_dies
{
    [Fact]
    public async Task a_killed_postmaster_is_started_again_on_its_port_with_every_committed_row()
    {
        await using var server = await LocalPostgres.StartAsync(TestPostgres.NewHome("supervised"));
        await server.CreateDatabaseAsync("caseledger");
        var connection = server.ConnectionString("caseledger");
        await ExecuteAsync(connection, "create table kept(x int); insert into kept select generate_series(1, 1000)");
        var log = new ListLogger();
        server.Supervise(log, TimeSpan.FromMilliseconds(200));

        var killed = Stopwatch.StartNew();
        Process.GetProcessById(PostmasterPid(server)).Kill();

        long count = 0;
        while (killed.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                count = await ScalarAsync(connection, "select count(*) from kept");
                if (server.Restarts > 0) break;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.True(server.Restarts == 1, $"Not restarted within 30 s; log: {string.Join(" | ", log.Lines)}");
        Assert.Equal(1000, count);
        Assert.Contains(log.Lines, l => l.Contains("is gone; starting it again", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("runs again on port", StringComparison.Ordinal));
        Assert.True(server.OwnsServer);
    }

    [Fact]
    public async Task a_cluster_left_running_by_a_killed_process_is_adopted_and_stopped_at_exit()
    {
        var home = TestPostgres.NewHome("adopted");
        var first = await LocalPostgres.StartAsync(home);
        try
        {
            // What a kill -9 of the CaseLedger that started it leaves: the server running, its owner gone.
            await File.WriteAllTextAsync(Path.Combine(home, "pg.owner"), $"{ClusterProbe.DeadPid()} 1");
            int port;
            await using (var adopter = await LocalPostgres.StartAsync(home))
            {
                port = adopter.Port;
                Assert.Equal(first.Port, port);
                Assert.True(adopter.OwnsServer);
            }
            Assert.False(ClusterProbe.Answers(port));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_cluster_another_live_process_runs_is_joined_and_left_running()
    {
        var home = TestPostgres.NewHome("shared");
        await using var first = await LocalPostgres.StartAsync(home);
        await using (var second = await LocalPostgres.StartAsync(home))
        {
            Assert.False(second.OwnsServer);
        }
        Assert.True(ClusterProbe.Answers(first.Port));
    }

    private static int PostmasterPid(LocalPostgres server) =>
        int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);



    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
