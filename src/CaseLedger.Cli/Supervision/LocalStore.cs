using CaseLedger.Domain;
using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// The local database as the CLI's read commands open it: the store without the host, its calendar loaded, nothing running in
/// the background. Whoever runs the CLI on the database reads every agency (<see cref="ReadScope.Everything"/>).
/// </summary>
public static class LocalStore
{
    public static async Task<int> ReadAsync(IClock clock, Func<CaseLedgerStore, Task<int>> read)
    {
        await using var database = await CaseLedgerDatabase.OpenAsync();
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = null, Regions = RegionMap.FromEnvironment() });
        return await read(store);
    }

    /// <summary>Prints why a query answered nothing: not-found and forbidden are the work failing (1), a bad filter the command line (2).</summary>
    public static int Refused(Refusal refusal)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{refusal.Code}: {refusal.Message}[/]");
        return refusal.Code == RefusalCodes.ValidationFailed ? ExitCodes.Usage : ExitCodes.Failure;
    }

    public static string Show(LocalDate date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Show(LocalDate? date) => date is { } d ? Show(d) : "";
}
