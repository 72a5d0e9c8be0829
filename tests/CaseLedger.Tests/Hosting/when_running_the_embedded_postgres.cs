using CaseLedger.Hosting;
using CaseLedger.Testing;
using Npgsql;

namespace CaseLedger.Tests.Hosting;

// Each test starts its own cluster in its own folder: these tests are about the cluster's life.
public class when_running_the_embedded_postgres
{
    [Fact]
    public async Task first_use_creates_the_cluster_starts_it_on_loopback_and_dispose_stops_it()
    {
        var home = TestPostgres.NewHome("first-use");
        var server = await LocalPostgres.StartAsync(home);
        int port;
        await using (server)
        {
            port = server.Port;
            Assert.True(File.Exists(Path.Combine(home, "pg", "PG_VERSION")));
            await server.CreateDatabaseAsync("caseledger");
            Assert.Equal(1, await ScalarAsync(server.ConnectionString("caseledger"), "select 1"));
            Assert.Equal("127.0.0.1", await ScalarAsync<string>(server.ConnectionString("caseledger"), "show listen_addresses"));
        }
        Assert.False(ClusterProbe.Answers(port));
        Assert.False(File.Exists(Path.Combine(home, "pg", "postmaster.pid")));
    }

    [Fact]
    public async Task a_second_start_reuses_the_cluster_and_keeps_its_data()
    {
        var home = TestPostgres.NewHome("reuse");
        await using (var first = await LocalPostgres.StartAsync(home))
        {
            await first.CreateDatabaseAsync("caseledger");
            await ScalarAsync(first.ConnectionString("caseledger"), "create table kept(x int); insert into kept values (42); select 1");
        }
        await using var second = await LocalPostgres.StartAsync(home);
        Assert.Equal(42, await ScalarAsync(second.ConnectionString("caseledger"), "select x from kept"));
    }

    [Fact]
    public async Task a_stale_postmaster_pid_left_by_a_killed_run_does_not_block_the_next_start()
    {
        var home = TestPostgres.NewHome("stale");
        await using (var first = await LocalPostgres.StartAsync(home))
        {
            await first.CreateDatabaseAsync("caseledger");
        }
        // What a killed run leaves: a pid file naming a process that is gone, and a port nobody serves.
        var pidFile = Path.Combine(home, "pg", "postmaster.pid");
        var dead = ClusterProbe.DeadPid();
        await File.WriteAllTextAsync(pidFile, $"{dead}\n{Path.Combine(home, "pg")}\n1700000000\n1\n{Path.Combine(home, "pg")}\n127.0.0.1\n  1  1\nready\n");

        await using var second = await LocalPostgres.StartAsync(home);
        Assert.Equal(1, await ScalarAsync(second.ConnectionString("caseledger"), "select 1"));
    }

    [Fact]
    public async Task a_server_killed_without_cleanup_is_joined_by_the_next_process()
    {
        var home = TestPostgres.NewHome("joined");
        var first = await LocalPostgres.StartAsync(home);
        try
        {
            await first.CreateDatabaseAsync("caseledger");
            // The first process "dies" without stopping its server: the next one joins it and leaves it running.
            await using (var second = await LocalPostgres.StartAsync(home))
            {
                Assert.Equal(first.Port, second.Port);
            }
            Assert.True(ClusterProbe.Answers(first.Port));
        }
        finally
        {
            await first.DisposeAsync();
        }
        Assert.False(ClusterProbe.Answers(first.Port));
    }

    [Fact]
    public void no_postgresql_installed_gives_one_message_that_names_the_fix()
    {
        var error = Assert.Throws<LocalPostgresException>(() => LocalPostgres.FindBinDirectory(path: "/nonexistent", packageRoot: "/nonexistent"));
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("CASELEDGER_DB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_server_binaries_are_found_on_the_path_or_in_the_package_folder()
    {
        var fromPackages = LocalPostgres.FindBinDirectory(path: "/nonexistent");
        Assert.True(File.Exists(Path.Combine(fromPackages, "pg_ctl")));
    }

    [Fact]
    public async Task with_caseledger_db_set_that_server_is_used_and_nothing_is_started()
    {
        var connection = await TestPostgres.NewDatabaseAsync("configured");
        var home = TestPostgres.NewHome("configured");
        await using var database = await CaseLedgerDatabase.OpenAsync(connection, home);
        Assert.Null(database.Local);
        Assert.Equal(connection, database.ConnectionString);
        Assert.False(Directory.Exists(Path.Combine(home, "pg")));
    }



    private static async Task<int> ScalarAsync(string connectionString, string sql) => await ScalarAsync<int>(connectionString, sql);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
