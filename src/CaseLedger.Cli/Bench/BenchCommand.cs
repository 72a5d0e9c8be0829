using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using CaseLedger.Hosting;
using CaseLedger.Json;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Bench;

/// <summary><c>caseledger bench [--quick] [--cases N] [--only scale|pages|commands|rebuild] [--json FILE] [--wide]</c> on the embedded default (a scratch database) or CASELEDGER_DB.</summary>
public sealed class BenchCommand(IClock clock) : AsyncCommand<BenchCommand.Settings>
{
    public const string ScratchDatabase = "caseledger_bench";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--quick")]
        [Description("Smaller sizes: well under a minute.")]
        public bool Quick { get; set; }

        [CommandOption("--tiny", IsHidden = true)]
        [Description("(tests) The smallest sizes.")]
        public bool Tiny { get; set; }

        [CommandOption("--json <FILE>")]
        [Description("Also write the figures and the machine to this file.")]
        public string? Json { get; set; }

        [CommandOption("--cases <N>")]
        [Description("Also load N cases (about 20 events each) through the engine's deciders and chain, and measure the board, figures, replay and audit at that size, e.g. 1000000.")]
        public int? Cases { get; set; }

        [CommandOption("--only <GROUP>")]
        [Description("Run one group alone: 'scale' (the --cases run; 200 cases with --tiny, 10,000 with --quick, 100,000 otherwise unless --cases says), 'pages' (the console's page times), 'commands' (collect-evidence in process and over HTTP beside bare Marten and Marten's command pattern) or 'rebuild' (the read models rebuilt from bulk-loaded cases, beside binary COPY).")]
        public string? Only { get; set; }

        [CommandOption("--wide")]
        [Description("Every column of the table (by default a compact table that fits 100 columns).")]
        public bool Wide { get; set; }

        public override ValidationResult Validate() =>
            Cases is < 1 or > 10_000_000 ? ValidationResult.Error("--cases must be a whole number from 1 to 10000000.")
            : Only is not (null or "scale" or "pages" or "commands" or "rebuild") ? ValidationResult.Error("--only takes 'scale', 'pages', 'commands' or 'rebuild'.")
            : OutputFile.Check(Json);

        /// <summary>How many cases the scale run loads, or null when it does not run.</summary>
        public int? ScaleCases => Only is "scale" ? Cases ?? (Tiny ? 200 : Quick ? 10_000 : 100_000) : Only is null ? Cases : null;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sizes = settings.Tiny ? BenchSizes.Tiny : settings.Quick ? BenchSizes.Quick : BenchSizes.Full;
        var jsonFile = settings.Json;
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
        void Progress(string step) => AnsiConsole.MarkupLineInterpolated($"[grey]· {step}[/]");
        var figures = new List<BenchFigure>();
        if (settings.Only is null) figures.AddRange(await new Benchmark(connection, sizes, clock, Progress, database.Local?.DataDirectory).RunAsync());
        if (settings.Only is "commands" or "rebuild") figures.AddRange(await new Benchmark(connection, sizes, clock, Progress, database.Local?.DataDirectory).RunAsync(settings.Only));
        if (settings.Only is "pages") figures.AddRange(await new Benchmark(connection, sizes, clock, Progress, database.Local?.DataDirectory).PagesAsync());
        var findings = 0;
        if (settings.ScaleCases is { } cases)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var scale = new Benchmark(connection, sizes, clock, Progress, database.Local?.DataDirectory);
            figures.AddRange(await scale.ScaleAsync(cases));
            findings = scale.ScaleFindings;
            AnsiConsole.MarkupLineInterpolated($"The scale run at {cases:N0} cases took {started.Elapsed.TotalMinutes:0.0} minutes.");
        }
        Print(figures, settings.Wide);
        if (jsonFile is not null)
        {
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(
                new { machine = environment.Machine, cores = environment.Cores, environment, figures }, CaseLedgerJson.Responses));
            AnsiConsole.MarkupLineInterpolated($"Figures written to {jsonFile}.");
        }
        if (findings > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The audit of the loaded cases reported {findings:N0} findings: the load is not what the engine records.[/]");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }

    public static void Print(IReadOnlyList<BenchFigure> figures, bool wide = false)
    {
        // Written to a file or a pipe, the table would otherwise be squeezed into 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, wide ? 250 : 100);
        AnsiConsole.Write(wide ? WideTable(figures) : CompactTable(figures));

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
        foreach (var line in CommandRatios(figures)) AnsiConsole.MarkupLine($"  {line}");
    }

    /// <summary>
    /// Issue 18's command targets, at each concurrency: collect-evidence in process against Marten's command pattern (≥ 1.0×),
    /// and over HTTP against in process (≥ 0.85×). Each figure was measured beside bare Marten, so the ratio of their ratios to
    /// it compares them as if measured together, whatever else loaded the machine between them.
    /// </summary>
    public static IEnumerable<string> CommandRatios(IReadOnlyList<BenchFigure> figures)
    {
        double? RatioOf(string group, string name, int concurrency) =>
            figures.FirstOrDefault(f => f.Group == group && f.Name == name && f.Concurrency == concurrency)?.Ratio;
        string Line(string what, string target, double threshold, Func<int, (double? Of, double? To)> pair)
        {
            var ratios = Benchmark.Concurrencies.Select(c => (c, pair(c))).Where(x => x.Item2.Of is not null && x.Item2.To is not null)
                .Select(x => (x.c, Ratio: x.Item2.Of!.Value / x.Item2.To!.Value)).ToList();
            if (ratios.Count == 0) return "";
            var verdict = ratios.All(r => r.Ratio >= threshold) ? "[green]met[/]" : ratios.Any(r => r.Ratio >= threshold) ? "[yellow]partly met[/]" : "[red]missed[/]";
            return $"{verdict} {Markup.Escape(what)} {target}: "
                + string.Join(", ", ratios.Select(r => $"c{r.c} {r.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}×"));
        }
        const string InProcess = "collect-evidence in process", OverHttp = "collect-evidence over HTTP";
        return new[]
        {
            Line($"{InProcess} ÷ Marten's command pattern", "≥ 1.0×", 1.0,
                c => (RatioOf("CaseLedger", InProcess, c), RatioOf("bare Marten", Benchmark.MartenCommandPattern, c))),
            Line($"{OverHttp} ÷ in process", "≥ 0.85×", 0.85, c => (RatioOf("CaseLedger", OverHttp, c), RatioOf("CaseLedger", InProcess, c))),
        }.Where(l => l.Length > 0);
    }

    /// <summary>Every column of every figure (<c>--wide</c>).</summary>
    private static Table WideTable(IReadOnlyList<BenchFigure> figures)
    {
        var table = new Table().AddColumns("group", "what", "conc.", "throughput", "p50 ms", "p99 ms", "CPU µs/op client + server", "× raw limit", "× reference", "target");
        foreach (var f in figures)
        {
            table.AddRow(f.Group, Markup.Escape(f.Name), f.Concurrency.ToString(CultureInfo.InvariantCulture), Throughput(f),
                Ms(f.P50Ms), Ms(f.P99Ms),
                f.ClientCpuUsPerOp is { } client ? $"{client.ToString("N0", CultureInfo.InvariantCulture)} + {f.ServerCpuUsPerOp?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"}" : "",
                f.RawRatio is { } raw ? $"{raw.ToString("0.00", CultureInfo.InvariantCulture)}×" : "",
                f.Ratio is { } r ? $"{r.ToString("0.00", CultureInfo.InvariantCulture)}× {Markup.Escape(f.ComparedWith ?? "")}" : "",
                f.Target is { } target ? $"{Verdict(f)} {Markup.Escape(target)}" : "");
        }
        return table;
    }

    /// <summary>What a reader needs of each figure in 100 columns: the CPU and the raw limit are in <c>--wide</c> and the JSON file.</summary>
    private static Table CompactTable(IReadOnlyList<BenchFigure> figures)
    {
        var table = new Table().AddColumns("what", "c", "throughput", "p50 ms", "p99 ms", "× ref.", "target");
        foreach (var f in figures)
        {
            table.AddRow($"[grey]{Markup.Escape(f.Group)}:[/] {Markup.Escape(f.Name)}", f.Concurrency.ToString(CultureInfo.InvariantCulture), Throughput(f),
                Ms(f.P50Ms), Ms(f.P99Ms),
                f.Ratio is { } r ? $"{r.ToString("0.00", CultureInfo.InvariantCulture)}×" : "",
                f.Target is null ? "" : Verdict(f));
        }
        return table;
    }

    private static string Throughput(BenchFigure f) => $"{f.PerSecond.ToString("N0", CultureInfo.InvariantCulture)} {f.Unit}";

    private static string Ms(double? ms) => ms?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Verdict(BenchFigure f) => f.Met == true ? "[green]met[/]" : "[red]missed[/]";

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
