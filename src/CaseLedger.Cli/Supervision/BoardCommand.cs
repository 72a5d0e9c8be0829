using System.ComponentModel;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger board</c>: the deadline board, as <c>GET /api/deadlines</c> answers it, read from the local database.</summary>
public sealed class BoardCommand(IClock clock) : AsyncCommand<BoardCommand.Settings>
{
    public sealed class Settings : PageSettings
    {
        [CommandOption("--agency <AGENCY>")]
        [Description("One agency's proceedings (default: every agency).")]
        public string? Agency { get; set; }

        [CommandOption("--kind <KIND>")]
        [Description("penalty, reconsideration, litigation or petition (default: all).")]
        public string? Kind { get; set; }

        [CommandOption("--status <STATUS>")]
        [Description("open, overdue, due-soon, met, missed or lapsed.")]
        [DefaultValue(DeadlineBoardFilter.Open)]
        public string Status { get; set; } = DeadlineBoardFilter.Open;

        [CommandOption("--within <DAYS>")]
        [Description("For due-soon: how many days ahead (default 3).")]
        public int? Within { get; set; }

        public DeadlineBoardFilter Filter => new(Agency, Kind, Status, Within, Offset, Limit);

        public override ValidationResult Validate() =>
            Filter.Check() is { } invalid ? ValidationResult.Error(invalid.Message) : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var today = AgencyZone.Today(clock.GetCurrentInstant());
            var answer = await DeadlineBoardQuery.ReadAsync(session, ReadScope.Everything, settings.Filter, today, cancellationToken);
            if (answer.Value is not { } page) return LocalStore.Refused(answer.Refusal!);
            // One agency's board names no agency on each row: the columns left fit 100 columns.
            var everyAgency = page.Agency is null;
            var table = new Table()
                .Title($"Deadline board · {page.Status}{(everyAgency ? "" : $" · {Markup.Escape(page.Agency!)}")} · {LocalStore.Show(page.Today)}")
                .AddColumns(everyAgency ? ["proceeding", "agency", "deadline", "rule", "end", "status", "days"] : ["proceeding", "deadline", "rule", "end", "status", "days"]);
            foreach (var row in page.Deadlines)
            {
                string[] cells =
                [
                    Markup.Escape($"{row.Kind} {row.CaseNumber ?? row.Id}"),
                    .. everyAgency ? [Markup.Escape(row.AgencyId ?? "")] : Array.Empty<string>(),
                    Markup.Escape(row.Key),
                    Markup.Escape(row.Rule),
                    LocalStore.Show(row.End) + (row.Provisional ? "*" : ""),
                    Status(row.Status) + (row.Paused ? " (paused)" : ""),
                    row.DaysLeft?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                ];
                table.AddRow(cells);
            }
            AnsiConsole.Write(table);
            PageSettings.Footer(page.Deadlines.Count, "deadline(s)", page.NextOffset);
            if (page.Deadlines.Any(r => r.Provisional)) AnsiConsole.MarkupLine("* provisional: the official calendar of that year is not loaded.");
            return ExitCodes.Success;
        });

    /// <summary>A deadline's status in its kebab-case API form, coloured.</summary>
    public static string Status(DeadlineStatus status) => status switch
    {
        DeadlineStatus.Open => "[yellow]open[/]",
        DeadlineStatus.Met => "[green]met[/]",
        _ => $"[red]{Words.Kebab(status)}[/]",
    };
}

/// <summary>The paging of the board and the queues.</summary>
public class PageSettings : CommandSettings
{
    [CommandOption("--offset <N>")]
    [Description("Proceedings skipped (the next offset a page names).")]
    public int Offset { get; set; }

    [CommandOption("--limit <N>")]
    [Description("At most this many proceedings (1–1000, default 100).")]
    [DefaultValue(Paging.DefaultLimit)]
    public int Limit { get; set; } = Paging.DefaultLimit;

    public override ValidationResult Validate() =>
        Paging.Check(Offset, Limit) is { } invalid ? ValidationResult.Error(invalid.Message) : ValidationResult.Success();

    public static void Footer(int rows, string what, int? nextOffset) =>
        AnsiConsole.MarkupLineInterpolated($"{rows} {what}{(nextOffset is { } next ? $"; more from --offset {next}" : "")}.");
}
