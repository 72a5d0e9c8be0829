using System.ComponentModel;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger queues &lt;queue&gt;</c>: a review queue, as <c>GET /api/queues/{queue}</c> answers it, read from the local database.</summary>
public sealed class QueueCommand(IClock clock) : AsyncCommand<QueueCommand.Settings>
{
    public sealed class Settings : PageSettings
    {
        [CommandArgument(0, "<queue>")]
        [Description("legal-review, collective-discussion, hearings, publicity or reconsideration.")]
        public string Queue { get; set; } = "";

        [CommandOption("--agency <AGENCY>")]
        [Description("One agency's proceedings (default: every agency).")]
        public string? Agency { get; set; }

        public override ValidationResult Validate() =>
            !ReviewQueues.All.Contains(Queue) ? ValidationResult.Error($"'{Queue}' is not a queue. Known: {string.Join(", ", ReviewQueues.All)}.")
            : base.Validate();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var today = AgencyZone.Today(clock.GetCurrentInstant());
            var filter = new ReviewQueueFilter(settings.Queue, settings.Agency, settings.Offset, settings.Limit);
            var answer = await ReviewQueueQuery.ReadAsync(session, ReadScope.Everything, filter, today, cancellationToken);
            if (answer.Value is not { } page) return LocalStore.Refused(answer.Refusal!);
            var table = new Table()
                .Title($"Queue {page.Queue}{(page.Agency is null ? "" : $" · {Markup.Escape(page.Agency)}")} · {LocalStore.Show(page.Today)}")
                .AddColumns("proceeding", "agency", "stage", "due on", "for", "days left");
            foreach (var row in page.Cases)
            {
                table.AddRow(
                    Markup.Escape($"{row.Kind} {row.CaseNumber ?? row.Id}"),
                    Markup.Escape(row.AgencyId ?? ""),
                    Markup.Escape(row.Stage),
                    LocalStore.Show(row.DueOn),
                    Markup.Escape(row.DueFor),
                    row.DaysLeft < 0 ? $"[red]{row.DaysLeft}[/]" : row.DaysLeft.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            PageSettings.Footer(page.Cases.Count, "proceeding(s)", page.NextOffset);
            return ExitCodes.Success;
        });
}
