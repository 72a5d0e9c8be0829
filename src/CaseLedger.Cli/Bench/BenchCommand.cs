using System.Globalization;
using System.Text.Json;
using CaseLedger.Hosting;
using CaseLedger.Json;
using NodaTime;
using Spectre.Console;

namespace CaseLedger.Cli.Bench;

/// <summary><c>caseledger bench [--quick] [--json FILE]</c> on the embedded default (a scratch database) or CASELEDGER_DB.</summary>
public static class BenchCommand
{
    public const string ScratchDatabase = "caseledger_bench";

    public static async Task<int> RunAsync(string[] args, IClock clock)
    {
        if (CommandArguments.Parse(args, "caseledger bench [--quick] [--json FILE]", values: ["--json"], flags: ["--quick", "--tiny"]) is not { } parsed)
            return CommandArguments.UsageExitCode;
        var sizes = parsed.Flag("--tiny") ? BenchSizes.Tiny : parsed.Flag("--quick") ? BenchSizes.Quick : BenchSizes.Full;
        var jsonFile = parsed.Value("--json");
        if (!CommandArguments.CanWrite(jsonFile)) return CommandArguments.UsageExitCode;
        await using var database = await CaseLedgerDatabase.OpenAsync();
        var connection = database.ConnectionString;
        if (database.Local is { } local)
        {
            // The benchmark writes a lot: it gets a scratch database, not the one `serve` uses.
            await local.RecreateDatabaseAsync(ScratchDatabase);
            connection = local.ConnectionString(ScratchDatabase);
        }
        var environment = await BenchEnvironment.ReadAsync(connection, sizes == BenchSizes.Full ? "full" : sizes == BenchSizes.Quick ? "quick" : "tiny");
        AnsiConsole.MarkupLineInterpolated($"Benchmark on {database.Description} ({environment.Sizes}), in schemas {Benchmark.Schema}* that are dropped at the end.");
        AnsiConsole.MarkupLineInterpolated($"{environment}");
        var figures = await new Benchmark(connection, sizes, clock, step => AnsiConsole.MarkupLineInterpolated($"[grey]· {step}[/]"),
            database.Local?.DataDirectory).RunAsync();
        Print(figures);
        if (jsonFile is not null)
        {
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(
                new { machine = environment.Machine, cores = environment.Cores, environment, figures }, CaseLedgerJson.Responses));
            AnsiConsole.MarkupLineInterpolated($"Figures written to {jsonFile}.");
        }
        return 0;
    }

    public static void Print(IReadOnlyList<BenchFigure> figures)
    {
        // Written to a file or a pipe, the table would otherwise be squeezed into 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 250);
        var table = new Table().AddColumns("group", "what", "conc.", "throughput", "p50 ms", "p99 ms", "CPU µs/op client + server", "× raw limit", "× reference", "target");
        foreach (var f in figures)
        {
            table.AddRow(f.Group, Markup.Escape(f.Name), f.Concurrency.ToString(CultureInfo.InvariantCulture),
                $"{f.PerSecond.ToString("N0", CultureInfo.InvariantCulture)} {f.Unit}",
                f.P50Ms?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
                f.P99Ms?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
                f.ClientCpuUsPerOp is { } client ? $"{client.ToString("N0", CultureInfo.InvariantCulture)} + {f.ServerCpuUsPerOp?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"}" : "",
                f.RawRatio is { } raw ? $"{raw.ToString("0.00", CultureInfo.InvariantCulture)}×" : "",
                f.Ratio is { } r ? $"{r.ToString("0.00", CultureInfo.InvariantCulture)}× {Markup.Escape(f.ComparedWith ?? "")}" : "",
                f.Target is { } target ? $"{(f.Met == true ? "[green]met[/]" : "[red]missed[/]")} {Markup.Escape(target)}" : "");
        }
        AnsiConsole.Write(table);

        // Each target once, with how many of its figures met it: the verdict without reading the whole table.
        var targets = figures.Where(f => f.Target is not null).GroupBy(f => $"{f.Group} {f.Target}").ToList();
        if (targets.Count == 0) return;
        AnsiConsole.MarkupLine("Targets in this run:");
        foreach (var target in targets)
        {
            var met = target.Count(f => f.Met == true);
            var verdict = met == target.Count() ? "[green]met[/]" : met == 0 ? "[red]missed[/]" : "[yellow]partly met[/]";
            AnsiConsole.MarkupLine($"  {verdict} {Markup.Escape(target.Key)}: {met} of {target.Count()} figures");
        }

        if (CommandPatternReference(figures) is { } reference) AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(reference)}[/]");
    }

    /// <summary>
    /// The command target in context: what Marten itself reaches for a command that reads its stream and keeps a read model
    /// in the same transaction, with nothing of CaseLedger's in it. Null when the run measured no command target.
    /// </summary>
    public static string? CommandPatternReference(IReadOnlyList<BenchFigure> figures)
    {
        var pattern = figures.Where(f => f.Group == "bare Marten" && f.Name == Benchmark.MartenCommandPattern && f.Ratio is not null)
            .Select(f => f.Ratio!.Value).ToList();
        if (pattern.Count == 0 || !figures.Any(f => f.Group == "CaseLedger" && f.Target is not null)) return null;
        return $"for reference, Marten's own command pattern ({Benchmark.MartenCommandPattern}): "
            + $"{pattern.Min().ToString("0.00", CultureInfo.InvariantCulture)}–{pattern.Max().ToString("0.00", CultureInfo.InvariantCulture)}× bare Marten";
    }
}
