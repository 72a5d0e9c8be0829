using System.ComponentModel;
using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger replay &lt;case-id&gt; [--as-of instant]</c>: the case's timeline as it stood then, and its deadlines on that day.</summary>
public sealed class ReplayCommand(IClock clock) : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<case-id>")]
        [Description("The case's id.")]
        public string CaseId { get; set; } = "";

        [CommandOption("--as-of <INSTANT>")]
        [Description("An ISO-8601 instant such as 2026-03-02T01:30:00Z (default: now).")]
        public string? AsOf { get; set; }

        public Instant? Instant => AsOf is null ? null : InstantPattern.ExtendedIso.Parse(AsOf).GetValueOrThrow();

        public override ValidationResult Validate() =>
            AsOf is null || InstantPattern.ExtendedIso.Parse(AsOf).Success
                ? ValidationResult.Success()
                : ValidationResult.Error($"--as-of must be an ISO-8601 instant such as 2026-03-02T01:30:00Z, not '{AsOf}'.");
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            var (caseId, asOf) = (settings.CaseId, settings.Instant);
            await using var session = store.Store.QuerySession();
            var answer = await Replay.ReadAsync(session, ReadScope.Everything, caseId, asOf ?? clock.GetCurrentInstant(), null, cancellationToken);
            if (answer.Value is not { } replayed)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Case '{caseId}' {(asOf is null ? "has no stored events" : $"had no event as of {asOf}")}.[/]");
                return ExitCodes.Failure;
            }

            var events = await Replay.EventsAsync(session, caseId, asOf ?? clock.GetCurrentInstant(), null, cancellationToken);
            var steps = await AuditTrail.ForAsync(session, events, cancellationToken);
            var state = replayed.State;
            var table = new Table()
                .Title($"Case [bold]{Markup.Escape(state.Filing?.CaseNumber ?? caseId)}[/] as of {Markup.Escape(asOf?.ToString() ?? "now")} · version {replayed.Version}")
                .AddColumns("v", "recorded at", "business date", "step", "officers (certificate)", "recorded by");
            foreach (var step in steps)
            {
                table.AddRow(
                    step.Version.ToString(CultureInfo.InvariantCulture),
                    step.RecordedAt.ToString(),
                    LocalStore.Show(step.BusinessDate),
                    Markup.Escape(step.Type),
                    Markup.Escape(AuditTrailCommand.Officers(step)),
                    Markup.Escape(step.Actor ?? ""));
            }
            AnsiConsole.Write(table);

            AnsiConsole.MarkupLineInterpolated($"Stage: [bold]{Words.Kebab(PenaltyCase.StageOf(state))}[/] · agency {state.AgencyId} · business date {LocalStore.Show(replayed.Today)}");
            var deadlines = new Table().Title("Deadlines on that day (§8.5)").AddColumns("deadline", "rule", "trigger", "end", "status", "met on");
            foreach (var d in PenaltyCase.Deadlines(state, store.Calendar.Current, replayed.Today))
            {
                deadlines.AddRow(Markup.Escape(d.Key), Markup.Escape(d.Rule), LocalStore.Show(d.Trigger), LocalStore.Show(d.End) + (d.Provisional ? " (provisional)" : ""),
                    BoardCommand.Status(d.Status), LocalStore.Show(d.MetOn));
            }
            AnsiConsole.Write(deadlines);
            return ExitCodes.Success;
        });
}
