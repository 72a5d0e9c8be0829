using System.ComponentModel;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger rebuild [read model]</c>: projects the read models (all of them, or the one named) again from the events
/// in one pass, with a progress bar over the events read; the rebuild is recorded as an event
/// (<see cref="ReadModelsRebuilt"/>: who, which read models, when).
/// </summary>
public sealed class RebuildCommand(IClock clock) : AsyncCommand<RebuildCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[projection]")]
        [Description("One read model (default: every one).")]
        public string? Projection { get; set; }

        [CommandOption("--region <REGION>")]
        [Description("With CASELEDGER_REGIONS: only this region's database (default: the deployment's own and every region's).")]
        public string? Region { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var database = await CaseLedgerDatabase.OpenAsync();
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = null, Regions = RegionMap.FromEnvironment() });
        var named = settings.Projection;
        if (named is not null && !store.ProjectionNames.Contains(named, StringComparer.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No projection '{named}'.[/] Known: {string.Join(", ", store.ProjectionNames)}");
            return ExitCodes.Usage;
        }
        var regions = RegionMap.FromEnvironment();
        if (settings.Region is { } region && regions.All(r => r.Id != region))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No region '{region}'[/] in CASELEDGER_REGIONS. Known: {string.Join(", ", regions.Select(r => r.Id))}");
            return ExitCodes.Usage;
        }
        var names = named is null ? store.ProjectionNames : [store.ProjectionNames.First(n => n.Equals(named, StringComparison.OrdinalIgnoreCase))];
        AnsiConsole.MarkupLineInterpolated($"Database: {database.Description}");
        var events = 0L;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async bars =>
            {
                var task = bars.AddTask(named ?? "every read model");
                events = await store.RebuildAsync(named is null ? null : names, new Progress<(long Done, long Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }), region: settings.Region);
                task.Value = task.MaxValue;
            });
        AnsiConsole.MarkupLineInterpolated($"Rebuilt {string.Join(", ", names)} from {events:N0} events in {started.Elapsed.TotalSeconds:N1} s.");
        AnsiConsole.MarkupLineInterpolated($"Recorded as read_models_rebuilt by {ReadModelRebuilds.Operator} on {Environment.MachineName} (stream {CaseLedger.Commands.StreamKeys.ReadModelRebuilds}; GET /api/audit/rebuilds).");
        return ExitCodes.Success;
    }
}
