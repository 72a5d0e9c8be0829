using System.Diagnostics;
using CaseLedger.Testing;

namespace CaseLedger.Server.Tests.Cli;

/// <summary>The `caseledger` command as a newcomer runs it: a real process on the embedded PostgreSQL.</summary>
public class when_running_the_caseledger_command
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "caseledger.dll");

    [Fact]
    public async Task no_postgresql_installed_exits_non_zero_with_one_message_that_names_the_fix()
    {
        var home = TestPostgres.NewHome("cli-missing");
        var (exit, output) = await RunAsync(["demo"], new() { ["CASELEDGER_HOME"] = home, ["CASELEDGER_POSTGRES_BIN"] = home, ["CASELEDGER_DB"] = "" });
        Assert.NotEqual(0, exit);
        Assert.Contains("apt-get install postgresql", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_demo_runs_as_an_ordinary_user_and_leaves_no_server_running()
    {
        var home = TestPostgres.NewHome("cli-user");
        string? user = null;
        if (Environment.UserName == "root")
        {
            // As root CaseLedger runs the server as postgres; run the whole command as an ordinary user too.
            user = "postgres";
            File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        }
        var (exit, output) = await RunAsync(["demo"], new() { ["CASELEDGER_HOME"] = Path.Combine(home, "h"), ["HOME"] = home, ["CASELEDGER_DB"] = "" }, user);
        Assert.True(exit == 0, output);
        Assert.Contains("decision-deadline-passed", output, StringComparison.Ordinal);
        Assert.Contains("legal-review-required", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home, "h", "pg", "postmaster.pid")), "the embedded server is still running");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args, Dictionary<string, string> environment, string? user = null)
    {
        var start = user is null ? new ProcessStartInfo("dotnet") : new ProcessStartInfo("runuser");
        if (user is not null)
        {
            foreach (var a in new[] { "-u", user, "--", "env" }) start.ArgumentList.Add(a);
            foreach (var (name, value) in environment) start.ArgumentList.Add($"{name}={value}");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["COLUMNS"] = "200";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
