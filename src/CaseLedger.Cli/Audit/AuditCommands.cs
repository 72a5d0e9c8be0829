using System.Globalization;
using System.Text.Json;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server;
using CaseLedger.Server.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Spectre.Console;

namespace CaseLedger.Cli.Audit;

/// <summary>
/// <c>caseledger audit [--case X] [--json]</c>: every finding of the stored events, per case, with its rule
/// and article; exit 1 when there is any. <c>caseledger export</c> and <c>caseledger verify</c> (no database).
/// </summary>
public static class AuditCommands
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Usage = CommandArguments.UsageExitCode;

    private const string AuditUsage = "caseledger audit [--case ID] [--json]";
    private const string ExportUsage = "caseledger export [--case ID] [--out FILE]";
    private const string VerifyUsage = "caseledger verify <export.json> --public-key <checkpoint-key.pem> [--since <checkpoint.json>]";

    private static CommandArguments? AuditArguments(string[] args, IAnsiConsole console) =>
        CommandArguments.Parse(args, AuditUsage, values: ["--case"], flags: ["--json"], console: console);

    private static CommandArguments? ExportArguments(string[] args, IAnsiConsole console) =>
        CommandArguments.Parse(args, ExportUsage, values: ["--case", "--out"], console: console) is { } parsed
        && CommandArguments.CanWrite(parsed.Value("--out"), console)
            ? parsed
            : null;

    public static Task<int> AuditAsync(string[] args, IClock clock) =>
        AuditArguments(args, AnsiConsole.Console) is null ? Task.FromResult(Usage) : WithEngineAsync(clock, services => AuditAsync(services, args, AnsiConsole.Console));

    public static Task<int> ExportAsync(string[] args, IClock clock) =>
        ExportArguments(args, AnsiConsole.Console) is null ? Task.FromResult(Usage) : WithEngineAsync(clock, services => ExportAsync(services, args, AnsiConsole.Console));

    private static async Task<int> WithEngineAsync(IClock clock, Func<IServiceProvider, Task<int>> run)
    {
        await using var database = await CaseLedgerDatabase.OpenAsync();
        var settings = new CaseLedgerSettings(database.ConnectionString, clock);
        await using var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        try
        {
            return await run(app.Services);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public static async Task<int> AuditAsync(IServiceProvider services, string[] args, IAnsiConsole console)
    {
        if (AuditArguments(args, console) is not { } parsed) return Usage;
        var caseId = parsed.Value("--case");
        var report = await services.GetRequiredService<AuditService>().VerifyAsync(caseId);
        if (caseId is not null && !report.Streams.Any(s => s.Stream == caseId))
        {
            console.MarkupLineInterpolated($"[red]Case '{caseId}' has no stored events.[/]");
            return Usage;
        }
        if (parsed.Flag("--json"))
        {
            console.Profile.Width = int.MaxValue;
            console.WriteLine(JsonSerializer.Serialize(AuditEndpoints.Report(report), CaseLedgerJson.Responses));
            return report.Clean ? Clean : Findings;
        }

        var cases = report.Streams.Where(s => s.Kind == "case").ToList();
        console.MarkupLineInterpolated(
            $"Audited [bold]{report.Events}[/] stored events: {cases.Count} case(s), {report.Streams.Count - cases.Count - 1} register stream(s), {report.Checkpoints} signed checkpoint(s); today is {report.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
        foreach (var stream in report.Streams.Where(s => s.Findings.Count > 0))
        {
            var title = stream.Kind switch
            {
                "case" => $"case {stream.Stream}{(stream.CaseNumber is null ? "" : $" ({stream.CaseNumber})")}",
                "log" => "the global log (signed checkpoints)",
                _ => $"stream {stream.Stream}",
            };
            var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").AddColumns("version", "kind", "code", "rule", "article", "finding");
            foreach (var f in stream.Findings)
                table.AddRow(f.Version?.ToString(CultureInfo.InvariantCulture) ?? "—", Markup.Escape(f.Kind), $"[red]{Markup.Escape(f.Code)}[/]",
                    Markup.Escape(f.Rule), Markup.Escape(f.Article), Markup.Escape(f.Message));
            console.Write(table);
        }
        var cleanCases = cases.Count(c => c.Findings.Count == 0);
        if (report.Clean)
            console.MarkupLine("[green]No findings: every chain and checkpoint holds and every case followed the procedure.[/]");
        else
            console.MarkupLineInterpolated($"[red]{report.Findings.Count()} finding(s)[/]; {cleanCases} of {cases.Count} case(s) without findings.");
        return report.Clean ? Clean : Findings;
    }

    public static async Task<int> ExportAsync(IServiceProvider services, string[] args, IAnsiConsole console)
    {
        if (ExportArguments(args, console) is not { } parsed) return Usage;
        var caseId = parsed.Value("--case");
        var clock = services.GetRequiredService<IClock>();
        var export = await services.GetRequiredService<ExportBuilder>().BuildAsync(caseId);
        if (caseId is not null && export["events"]!.AsArray().Count == 0)
        {
            console.MarkupLineInterpolated($"[red]Case '{caseId}' has no stored events.[/]");
            return Usage;
        }
        var stamp = clock.GetCurrentInstant().ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var path = parsed.Value("--out") ?? $"caseledger-export-{caseId ?? "all"}-{stamp}.json";
        await File.WriteAllTextAsync(path, ExportBuilder.Write(export));
        var keyPath = path + ".public-key.pem";
        // Every key the deployment registered (a checkpoint is checked with the one it names), or this node's before any was.
        var checkpoints = services.GetRequiredService<CheckpointService>();
        var ring = await checkpoints.KeyRingAsync();
        await File.WriteAllTextAsync(keyPath, string.Join("\n", ring.IsEmpty ? [checkpoints.Key.PublicKeyPem] : ring.Keys.Select(k => k.PublicKeyPem)) + "\n");
        var checkpoint = export["checkpoint"]!;
        console.MarkupLineInterpolated(
            $"Exported [bold]{export["events"]!.AsArray().Count}[/] events to [bold]{path}[/], under the signed checkpoint of {(long)checkpoint["treeSize"]!} events (root {(string)checkpoint["rootHash"]!}).");
        console.MarkupLineInterpolated($"The checkpoint key's public half is in {keyPath}; compare it with GET /api/audit/public-keys, then:");
        console.MarkupLineInterpolated($"  caseledger verify {path} --public-key {keyPath}");
        return Clean;
    }

    /// <summary><c>caseledger verify FILE --public-key PEM</c>: no database; exit 1 naming every break.</summary>
    public static int Verify(string[] args, IAnsiConsole console)
    {
        if (CommandArguments.Parse(args, VerifyUsage, values: ["--public-key", "--since"], required: ["export file"], console: console) is not { } parsed) return Usage;
        var file = parsed.Positionals[0];
        if (parsed.Value("--public-key") is not { } keyPath)
        {
            console.MarkupLine("[red]--public-key is required: the checkpoint key's public half, as exported.[/]");
            console.WriteLine($"Usage: {VerifyUsage}");
            return Usage;
        }
        var since = parsed.Value("--since");
        if (new[] { file, keyPath, since }.OfType<string>().FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            console.MarkupLineInterpolated($"[red]{missing} does not exist.[/]");
            return Usage;
        }
        var result = ExportVerifier.Verify(File.ReadAllText(file), File.ReadAllText(keyPath), since is null ? null : File.ReadAllText(since));
        if (result.Verified)
        {
            console.MarkupLineInterpolated(
                $"[green]Verified:[/] {result.Events} events, every chain link, every proof and every signature against the checkpoint of {result.TreeSize} events.");
            return Clean;
        }
        console.MarkupLineInterpolated($"[red]NOT verified: {result.Problems.Count} problem(s) in {file}[/]");
        foreach (var problem in result.Problems)
            console.MarkupLineInterpolated($"  [red]✗[/] {problem}");
        return Findings;
    }
}
