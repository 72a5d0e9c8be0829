using System.Diagnostics;
using System.Text.RegularExpressions;
using CaseLedger.Testing;

namespace CaseLedger.Server.Tests.Cli;

/// <summary>The `caseledger` command as a newcomer runs it: a real process on the embedded PostgreSQL.</summary>
public class when_running_the_caseledger_command
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "caseledger.dll");

    // The build output may sit in a folder only root can enter (a clone in a 0700 temp folder):
    // an ordinary user runs a copy that everyone can read.
    private static readonly Lazy<string> ReadableCli = new(() =>
    {
        var copy = TestPostgres.NewHome("cli-copy");
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return Path.Combine(copy, "caseledger.dll");
    });

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
        // The demo's story: thirteen refusals on purpose, everything else recorded (the late decision with its reason).
        foreach (var refusal in new[] { "hearing-notice-too-short", "simplified-procedure-not-allowed", "statement-not-recorded", "legal-review-required",
            "decision-deadline-passed", "remedy-period-open", "two-officers-required", "self-correction-period-open", "supervision-decision-grounds",
            "reviewer-from-reviewed-agency", "checklist-item-prefilled", "discretion-item-unknown", "bound-by-dispute" })
            Assert.Contains(refusal, output, StringComparison.Ordinal);
        Assert.Contains("reason recorded:", output, StringComparison.Ordinal);
        Assert.Equal(13, output.Split('\n').Count(line => line.Contains('✗', StringComparison.Ordinal) && line.Contains('│', StringComparison.Ordinal)));
        foreach (var recorded in new[] { "case_archived", "decision_made", "reconsideration_decided", "reconsideration_decision_served", "publication_withdrawn",
            "petition_routed", "court_enforcement_applied", "supervision_decided", "supervision_execution_reported",
            "case_file_scored", "review_campaign_closed", "dispute_ruled", "third_party_assessment_recorded" })
            Assert.Contains(recorded, output, StringComparison.Ordinal);
        // The enforcement window, as the case's deadline board shows it (行政强制法 Art. 53; 行诉解释 Art. 156).
        Assert.Contains("Court-enforcement window", output, StringComparison.Ordinal);
        Assert.Contains("2026-12-10", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home, "h", "pg", "postmaster.pid")), "the embedded server is still running");
    }

    [Fact]
    public async Task help_lists_every_command_and_exits_zero()
    {
        var (exit, output) = await RunAsync(["help"], []);
        Assert.True(exit == 0, output);
        Assert.Contains("caseledger [OPTIONS] <COMMAND>", output, StringComparison.Ordinal);
        foreach (var command in new[] { "demo", "serve", "replay <case-id>", "audit-trail <case-id>", "board", "queues <queue>", "figures <agency>", "rebuild",
            "audit", "export", "verify <export-file>", "bench", "codegen", "assessment <agency>", "officer-assessment <officer>" })
            Assert.Matches($"(?m)^    {System.Text.RegularExpressions.Regex.Escape(command)}  ", output);
        Assert.Contains("CASELEDGER_DB", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_commands_help_is_generated_from_its_settings()
    {
        var (exit, output) = await RunAsync(["bench", "--help"], new() { ["COLUMNS"] = "" });
        Assert.True(exit == 0, output);
        Assert.Contains("caseledger bench [OPTIONS]", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--quick", "--json <FILE>", "--wide" })
            Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 100, $"wider than 100 columns: {line}"));
    }

    [Fact]
    public async Task an_unknown_command_is_named_and_exits_two_with_the_usage()
    {
        var (exit, output) = await RunAsync(["frobnicate"], []);
        Assert.Equal(2, exit);
        Assert.Contains("Unknown command 'frobnicate'", output, StringComparison.Ordinal);
        Assert.Contains("caseledger [OPTIONS] <COMMAND>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task replay_without_a_case_prints_its_usage_and_exits_two()
    {
        var (exit, output) = await RunAsync(["replay"], []);
        Assert.Equal(2, exit);
        Assert.Contains("USAGE:", output, StringComparison.Ordinal);
        Assert.Contains("caseledger replay <case-id> [OPTIONS]", output, StringComparison.Ordinal);
        Assert.Contains("--as-of <INSTANT>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bench --json", "Option 'json' is defined but no value has been provided.")]
    [InlineData("bench --frob", "Unknown option '--frob'.")]
    [InlineData("bench --cases 0", "--cases must be a whole number from 1 to 10000000.")]
    [InlineData("bench --only replay", "--only takes 'scale', 'pages', 'commands' or 'rebuild'.")]
    [InlineData("audit --case", "Option 'case' is defined but no value has been provided.")]
    [InlineData("rebuild CaseFile Officer", "Could not match 'Officer' with an argument.")]
    [InlineData("replay", "Command 'replay' is missing required argument 'case-id'.")]
    [InlineData("replay 0190a8c2-0000-7000-8000-000000000000 --as-of yesterday", "--as-of must be an ISO-8601 instant")]
    [InlineData("verify export.json", "--public-key is required")]
    [InlineData("serve --urls", "Option 'urls' is defined but no value has been provided.")]
    [InlineData("serve --log-format xml", "--log-format is text or json (got 'xml').")]
    [InlineData("demo --fast", "Unknown option '--fast'.")]
    [InlineData("board --status late", "status must be open, overdue, due-soon, met, missed or lapsed.")]
    [InlineData("board --limit 0", "limit must be a whole number from 1 to 1000.")]
    [InlineData("queues nope", "'nope' is not a queue.")]
    [InlineData("figures", "Command 'figures' is missing required argument 'agency'.")]
    [InlineData("codegen frob", "Unknown command 'frob'.")]
    public async Task bad_arguments_are_named_with_the_usage_before_any_work_starts(string command, string problem)
    {
        var home = TestPostgres.NewHome("cli-arguments");
        var args = command.Split(' ');
        var (exit, output) = await RunAsync(args, new() { ["CASELEDGER_HOME"] = home, ["CASELEDGER_DB"] = "" });
        Assert.Equal(2, exit);
        Assert.Contains(problem, output, StringComparison.Ordinal);
        // The command's help follows, generated from its settings.
        Assert.Contains("USAGE:", output, StringComparison.Ordinal);
        Assert.Contains($"caseledger {args[0]}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        // Refused before the database was opened: no embedded server was created.
        Assert.False(Directory.Exists(Path.Combine(home, "pg")), "the command started PostgreSQL before checking its arguments");
    }

    [Fact]
    public async Task the_supervision_commands_read_what_the_demo_recorded_in_100_columns()
    {
        // No COLUMNS: the width a pipe gets by default.
        var environment = new Dictionary<string, string> { ["CASELEDGER_HOME"] = TestPostgres.NewHome("cli-queries"), ["CASELEDGER_DB"] = "", ["COLUMNS"] = "" };
        var (demoExit, demo) = await RunAsync(["demo"], environment);
        Assert.True(demoExit == 0, demo);
        var agency = Regex.Match(demo, "jinan-samr-[0-9a-f]{5}").Value;
        var caseId = Regex.Match(demo, "caseledger replay ([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEqual("", caseId);
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["board", "--agency", agency], "Deadline board · open"),
            (["board", "--status", "missed", "--limit", "5"], "Deadline board · missed"),
            (["queues", "publicity", "--agency", agency], "Queue publicity"),
            (["figures", agency], "correction rate"),
            (["assessment", agency, "--year", "2026", "--quarter", "3"], "Third parties' assessments"),
            (["officer-assessment", Regex.Match(demo, "zhang-wei-[0-9a-f]{5}").Value, "--year", "2026"], "decisions taken part in"),
            (["audit-trail", caseId], "Audit trail of case"),
            (["replay", caseId], "Stage: "),
        })
        {
            var (exit, output) = await RunAsync(args, environment);
            Assert.True(exit == 0, output);
            Assert.Contains(expected, output, StringComparison.Ordinal);
            Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 100, $"caseledger {string.Join(' ', args)} is wider than 100 columns: {line}"));
            // Stages, statuses and capacities in their kebab-case API form, never the enum's name.
            Assert.DoesNotMatch("LegalReview|Archived|EnforcementOfficer|Investigator", output);
        }
        var (unknownExit, unknown) = await RunAsync(["figures", "no-such-agency"], environment);
        Assert.Equal(1, unknownExit);
        Assert.Contains("not-found", unknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bench --json /nonexistent-folder/figures.json")]
    [InlineData("export --out /nonexistent-folder/export.json")]
    public async Task an_output_file_in_a_missing_folder_is_refused_before_any_work_starts(string command)
    {
        var home = TestPostgres.NewHome("cli-output");
        var (exit, output) = await RunAsync(command.Split(' '), new() { ["CASELEDGER_HOME"] = home, ["CASELEDGER_DB"] = "" });
        Assert.Equal(2, exit);
        Assert.Contains("Cannot write /nonexistent-folder/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home, "pg")), "the command started PostgreSQL before checking where it writes");
    }

    [Fact]
    public async Task the_handler_code_generated_ahead_of_time_is_the_code_the_handlers_generate_now()
    {
        // Stale code would still run (compiled at start instead), but a fresh serve would pay Roslyn's time and memory again.
        var (exit, output) = await RunAsync(["codegen", "check"], new());
        Assert.True(exit == 0, output);
        Assert.Contains("is current", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_generated_file_changed_by_hand_is_found_out_of_date()
    {
        var committed = Path.Combine(CheckoutRoot(), "src", "CaseLedger", "Internal", "Generated");
        var copy = TestPostgres.NewHome("codegen-copy");
        foreach (var file in Directory.EnumerateFiles(committed, "*.cs", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(committed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var handler = Directory.EnumerateFiles(copy, "RunCommandHandler*.cs", SearchOption.AllDirectories).Single();
        File.AppendAllText(handler, "// edited by hand\n");
        var (exit, output) = await RunAsync(["codegen", "check", "--out", copy], new());
        Assert.Equal(1, exit);
        Assert.Contains("out of date: WolverineHandlers/" + Path.GetFileName(handler), output, StringComparison.Ordinal);
    }

    private static string CheckoutRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("No CaseLedger.sln above the tests.");
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
        start.ArgumentList.Add(user is null ? Cli : ReadableCli.Value);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.WorkingDirectory = Path.GetTempPath();
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
