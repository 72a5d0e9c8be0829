using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger rebuild [projection]</c>: projects the read models again from the events, with a progress bar.</summary>
public static class RebuildCommand
{
    public static async Task<int> RunAsync(string[] args, IClock clock)
    {
        await using var database = await CaseLedgerDatabase.OpenAsync();
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = null });
        var names = args.FirstOrDefault() is { } one ? [one] : store.ProjectionNames;
        var unknown = names.Except(store.ProjectionNames).ToList();
        if (unknown.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No projection '{unknown[0]}'.[/] Known: {string.Join(", ", store.ProjectionNames)}");
            return 2;
        }
        AnsiConsole.MarkupLineInterpolated($"Database: {database.Description}");
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                foreach (var name in names)
                {
                    var task = context.AddTask(name);
                    await store.RebuildAsync(name, new Progress<(long Done, long Total)>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }));
                    task.Value = task.MaxValue;
                }
            });
        AnsiConsole.MarkupLineInterpolated($"Rebuilt {string.Join(", ", names)} from the events.");
        return 0;
    }
}
