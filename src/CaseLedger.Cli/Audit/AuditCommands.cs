using System.Globalization;
using System.Text.Json;
using System.ComponentModel;
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
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Audit;

/// <summary><c>caseledger audit [--case ID] [--json]</c>.</summary>
public sealed class AuditSettings : CommandSettings
{
    [CommandOption("--case <ID>")]
    [Description("One case (default: every stream).")]
    public string? Case { get; set; }

    [CommandOption("--json")]
    [Description("The report as JSON, as GET /api/audit/verify answers it.")]
    public bool Json { get; set; }

    [CommandOption("--region <ID>")]
    [Description("The log of one region of CASELEDGER_REGIONS (default: the deployment's own database).")]
    public string? Region { get; set; }
}

/// <summary><c>caseledger export [--case ID] [--out FILE]</c>.</summary>
public sealed class ExportSettings : CommandSettings
{
    [CommandOption("--case <ID>")]
    [Description("One case (default: every stream).")]
    public string? Case { get; set; }

    [CommandOption("--region <ID>")]
    [Description("With CASELEDGER_REGIONS: export this region's log (a case is exported from the region that holds it by itself).")]
    public string? Region { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Where to write the export (default caseledger-export-<case>-<time>.json here).")]
    public string? Out { get; set; }

    public override ValidationResult Validate() => OutputFile.Check(Out);
}

/// <summary><c>caseledger verify &lt;export.json&gt; --public-key &lt;checkpoint-key.pem&gt; [--since &lt;checkpoint.json&gt;]</c>.</summary>
public sealed class VerifySettings : CommandSettings
{
    [CommandArgument(0, "<export-file>")]
    [Description("The export, as caseledger export wrote it.")]
    public string File { get; set; } = "";

    [CommandOption("--public-key <PEM>")]
    [Description("The checkpoint key's public half (required), as exported.")]
    public string? PublicKey { get; set; }

    [CommandOption("--since <CHECKPOINT>")]
    [Description("A checkpoint kept earlier: the export must still hold it.")]
    public string? Since { get; set; }

    public override ValidationResult Validate()
    {
        if (PublicKey is null) return ValidationResult.Error("--public-key is required: the checkpoint key's public half, as exported.");
        return new[] { File, PublicKey, Since }.OfType<string>().FirstOrDefault(f => !System.IO.File.Exists(f)) is { } missing
            ? ValidationResult.Error($"{missing} does not exist.")
            : ValidationResult.Success();
    }
}

public sealed class AuditCommand(IClock clock) : AsyncCommand<AuditSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, AuditSettings settings, CancellationToken cancellationToken) =>
        AuditCommands.WithEngineAsync(clock, services => AuditCommands.AuditAsync(services, settings, AnsiConsole.Console));
}

public sealed class ExportCommand(IClock clock) : AsyncCommand<ExportSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken cancellationToken) =>
        AuditCommands.WithEngineAsync(clock, services => AuditCommands.ExportAsync(services, settings, AnsiConsole.Console));
}

public sealed class VerifyCommand : Command<VerifySettings>
{
    public override int Execute(CommandContext context, VerifySettings settings, CancellationToken cancellationToken) =>
        AuditCommands.Verify(settings, AnsiConsole.Console);
}

/// <summary>
/// <c>caseledger audit</c>: every finding of the stored events, per case, with its rule and article; exit 1 when there is
/// any. <c>caseledger export</c> and <c>caseledger verify</c> (no database).
/// </summary>
public static class AuditCommands
{
    public const int Clean = ExitCodes.Success;
    public const int Findings = ExitCodes.Failure;
    public const int Usage = ExitCodes.Usage;

    public static async Task<int> WithEngineAsync(IClock clock, Func<IServiceProvider, Task<int>> run)
    {
        await using var database = await CaseLedgerDatabase.OpenAsync();
        var settings = new CaseLedgerSettings(database.ConnectionString, clock) { Regions = RegionMap.FromEnvironment() };
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

    public static async Task<int> AuditAsync(IServiceProvider services, AuditSettings settings, IAnsiConsole console)
    {
        var caseId = settings.Case;
        var auditor = services.GetRequiredService<AuditService>();
        if (settings.Region is { } regionId)
        {
            var regions = services.GetRequiredService<RegionAudit>();
            if (regions.Find(regionId) is not { } region)
            {
                console.MarkupLineInterpolated($"[red]This deployment has no region '{regionId}' (CASELEDGER_REGIONS).[/]");
                return Usage;
            }
            auditor = await regions.AuditorAsync(region);
        }
        var report = await auditor.VerifyAsync(caseId);
        if (caseId is not null && !report.Streams.Any(s => s.Stream == caseId))
        {
            console.MarkupLineInterpolated($"[red]Case '{caseId}' has no stored events.[/]");
            return Usage;
        }
        if (settings.Json)
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

    public static async Task<int> ExportAsync(IServiceProvider services, ExportSettings settings, IAnsiConsole console)
    {
        var caseId = settings.Case;
        var clock = services.GetRequiredService<IClock>();
        var exports = services.GetRequiredService<ExportBuilder>();
        var regions = services.GetRequiredService<RegionAudit>();
        var region = settings.Region is { } regionId ? regions.Find(regionId)
            : caseId is null ? null : await services.GetRequiredService<ReadSide>().RegionHoldingAsync(caseId, CancellationToken.None);
        if (settings.Region is not null && region is null)
        {
            console.MarkupLineInterpolated($"[red]This deployment has no region '{settings.Region}' (CASELEDGER_REGIONS).[/]");
            return Usage;
        }
        if (region is not null) exports = await regions.ExportsAsync(region);
        var export = await exports.BuildAsync(caseId);
        if (caseId is not null && export["events"]!.AsArray().Count == 0)
        {
            console.MarkupLineInterpolated($"[red]Case '{caseId}' has no stored events.[/]");
            return Usage;
        }
        var stamp = clock.GetCurrentInstant().ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var path = settings.Out ?? $"caseledger-export-{caseId ?? "all"}-{stamp}.json";
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
    public static int Verify(VerifySettings settings, IAnsiConsole console)
    {
        var (file, keyPath, since) = (settings.File, settings.PublicKey!, settings.Since);
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
