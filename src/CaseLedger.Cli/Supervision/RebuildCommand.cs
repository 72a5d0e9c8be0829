using CaseLedger.Audit;
using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger rebuild [read model]</c>: projects the read models (all of them, or the one named) again from the events
/// in one pass, with a progress bar over the events read; the rebuild is recorded as an event
/// (<see cref="ReadModelsRebuilt"/>: who, which read models, when).
/// </summary>
public static class RebuildCommand
{
    public static async Task<int> RunAsync(string[] args, IClock clock)
    {
        if (CommandArguments.Parse(args, "caseledger rebuild [projection]", optional: 1) is not { } parsed) return CommandArguments.UsageExitCode;
        await using var database = await CaseLedgerDatabase.OpenAsync();
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = null });
        var named = parsed.Positional(0);
        if (named is not null && !store.ProjectionNames.Contains(named, StringComparer.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No projection '{named}'.[/] Known: {string.Join(", ", store.ProjectionNames)}");
            return 2;
        }
        var names = named is null ? store.ProjectionNames : [store.ProjectionNames.First(n => n.Equals(named, StringComparison.OrdinalIgnoreCase))];
        AnsiConsole.MarkupLineInterpolated($"Database: {database.Description}");
        var events = 0L;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(named ?? "every read model");
                events = await store.RebuildAsync(named is null ? null : names, new Progress<(long Done, long Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }));
                task.Value = task.MaxValue;
            });
        AnsiConsole.MarkupLineInterpolated($"Rebuilt {string.Join(", ", names)} from {events:N0} events in {started.Elapsed.TotalSeconds:N1} s.");
        AnsiConsole.MarkupLineInterpolated($"Recorded as read_models_rebuilt by {ReadModelRebuilds.Operator} on {Environment.MachineName} (stream {CaseLedger.Commands.StreamKeys.ReadModelRebuilds}; GET /api/audit/rebuilds).");
        return 0;
    }
}
