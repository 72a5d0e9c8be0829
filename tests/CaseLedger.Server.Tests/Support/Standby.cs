using System.Diagnostics;
using CaseLedger.Hosting;
using CaseLedger.Testing;
using Npgsql;

namespace CaseLedger.Server.Tests.Support;

/// <summary>
/// A streaming-replication standby of a test's own <see cref="LocalPostgres"/>, made as Patroni makes one (pg_basebackup -R,
/// named for synchronous_standby_names) and promoted as Patroni promotes it (pg_ctl promote). Tests only: the embedded default
/// is one server; production runs its own replication (README, Operating).
/// </summary>
public static class Standby
{
    private static readonly bool AsPostgresUser = Environment.UserName == "root";

    /// <summary>Copies <paramref name="primary"/> into a new cluster that follows it as <paramref name="name"/>, started on a port of its own.</summary>
    public static async Task<LocalPostgres> CreateAsync(LocalPostgres primary, string name)
    {
        var password = new NpgsqlConnectionStringBuilder(primary.ConnectionString("postgres")).Password!;
        var home = TestPostgres.NewHome("standby");
        // LocalPostgres's own layout: the cluster in pg/, the superuser's password beside it.
        await File.WriteAllTextAsync(Path.Combine(home, "pg.password"), password);
        var data = Path.Combine(home, "pg");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (AsPostgresUser) await RunAsync("chown", ["postgres:", data]);
        await RunPostgresToolAsync("pg_basebackup",
            ["-d", $"host=127.0.0.1 port={primary.Port} user=postgres password={password} application_name={name}", "-D", data, "-R", "-X", "stream", "-c", "fast"]);
        return await LocalPostgres.StartAsync(home);
    }

    /// <summary>The primary waits for <paramref name="name"/> to hold each commit before it answers (synchronous_commit on).</summary>
    public static async Task MakeSynchronousAsync(LocalPostgres primary, string name)
    {
        await using var data = NpgsqlDataSource.Create(primary.ConnectionString("postgres"));
        await using (var set = data.CreateCommand($"alter system set synchronous_standby_names = '{name}'"))
            await set.ExecuteNonQueryAsync();
        await using (var reload = data.CreateCommand("select pg_reload_conf()"))
            await reload.ExecuteNonQueryAsync();
        await Eventually.UntilAsync(async () =>
        {
            await using var state = data.CreateCommand($"select sync_state from pg_stat_replication where application_name = '{name}'");
            return (string?)await state.ExecuteScalarAsync();
        }, s => s == "sync", $"{name} to be the synchronous standby");
    }

    public static Task PromoteAsync(LocalPostgres standby) =>
        RunPostgresToolAsync("pg_ctl", ["promote", "-D", standby.DataDirectory, "-w", "-t", "60"]);

    private static Task RunPostgresToolAsync(string tool, string[] args)
    {
        var executable = Path.Combine(LocalPostgres.FindBinDirectory(), tool);
        return AsPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. args]) : RunAsync(executable, args);
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args.Where(a => !a.Contains("password", StringComparison.Ordinal)))} failed ({process.ExitCode}): {await output}{await errors}");
    }
}
