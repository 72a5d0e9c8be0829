using System.Globalization;
using CaseLedger.Hosting;

namespace CaseLedger.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, in a temp folder; each test class asks for a fresh
/// database of its own. The cluster is stopped and its folder removed when the test process ends,
/// also after a failure.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<LocalPostgres>> Server = new(StartAsync);
    private static int _databases;
    private static readonly List<string> Folders = [];

    public static Task<LocalPostgres> InstanceAsync() => Server.Value;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static async Task<string> NewDatabaseAsync(string purpose)
    {
        var server = await Server.Value;
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray())}";
        await server.CreateDatabaseAsync(name);
        return server.ConnectionString(name);
    }

    /// <summary>A fresh folder under the temp folder, removed when the test process ends.</summary>
    public static string NewHome(string purpose)
    {
        var home = NewFolder(purpose);
        lock (Folders) Folders.Add(home);
        return home;
    }

    private static string NewFolder(string purpose)
    {
        var home = Path.Combine(Path.GetTempPath(), $"caseledger-test-{purpose}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(home);
        return home;
    }

    private static async Task<LocalPostgres> StartAsync()
    {
        var home = NewFolder("cluster");
        var server = await LocalPostgres.StartAsync(home);
        lock (Folders) Folders.Add(home);
        return server;
    }

    /// <summary>
    /// Called once when the run ends (<see cref="TestRunCleanup"/>): asks the run's server for a fast
    /// shutdown and removes every folder once it is down. The test host may be killed right after
    /// this returns, so the waiting happens in a shell of its own session.
    /// </summary>
    public static void StopAndRemoveAll()
    {
        string[] folders;
        lock (Folders) folders = [.. Folders];
        if (folders.Length == 0) return;
        var pids = folders
            .Select(f => Path.Combine(f, "pg", "postmaster.pid"))
            .Where(File.Exists)
            .Select(f => File.ReadLines(f).FirstOrDefault()?.Trim())
            .Where(pid => int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .ToArray();
        var script = string.Join("; ", pids.Select(pid => $"kill -INT {pid} 2>/dev/null"))
            + (pids.Length > 0 ? "; " : "")
            + string.Join("; ", pids.Select(pid => $"for i in $(seq 300); do kill -0 {pid} 2>/dev/null || break; sleep 0.1; done"))
            + (pids.Length > 0 ? "; " : "")
            + "rm -rf " + string.Join(' ', folders.Select(f => $"'{f}'"));
        var start = new System.Diagnostics.ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", script }) start.ArgumentList.Add(arg);
        System.Diagnostics.Process.Start(start)?.Dispose();
    }
}
