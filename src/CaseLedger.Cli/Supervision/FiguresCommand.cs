using System.ComponentModel;
using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger figures &lt;agency&gt; [--months N]</c>: an agency's figures (and month by month), as <c>GET /api/agencies/{id}/figures[/trend]</c> answers them.</summary>
public sealed class FiguresCommand(IClock clock) : AsyncCommand<FiguresCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<agency>")]
        [Description("The agency's id.")]
        public string Agency { get; set; } = "";

        [CommandOption("--months <N>")]
        [Description("Also the figures month by month, the N months up to today's (as GET /api/agencies/{id}/figures/trend?months=N).")]
        public int? Months { get; set; }

        public override ValidationResult Validate() =>
            Months is < 1 or > AgencyFiguresQuery.MaxMonths
                ? ValidationResult.Error($"--months must be 1 to {AgencyFiguresQuery.MaxMonths}.")
                : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var answer = await store.Figures.ReadAsync(session, ReadScope.Everything, settings.Agency, AgencyZone.Today(clock.GetCurrentInstant()), cancellationToken);
            if (answer.Value is not { } f) return LocalStore.Refused(answer.Refusal!);
            var table = new Table().Title($"Figures of [bold]{Markup.Escape(f.AgencyId)}[/] on {LocalStore.Show(f.Today)}").AddColumns("figure", "value");
            table.AddRow("cases", Count(f.Cases));
            table.AddRow("cases overdue now", Count(f.CasesOverdueNow));
            table.AddRow("deadlines missed (cases)", $"{Count(f.DeadlinesMissed)} ({Count(f.CasesWithMissedDeadlines)})");
            table.AddRow("decisions changed / revoked", $"{Count(f.DecisionsChanged)} / {Count(f.DecisionsRevoked)}");
            table.AddRow("filing to decision, days (median, p90)",
                $"{Count(f.FilingToDecisionDays.Decided)} decided: {Number(f.FilingToDecisionDays.Median)}, {Number(f.FilingToDecisionDays.P90)}");
            table.AddRow("correction rate (reconsideration)", $"{Rate(f.Correction.Rate)} ({f.Correction.Corrected} of {f.Correction.Decisions})");
            table.AddRow("litigation loss rate", $"{Rate(f.LitigationLoss.Rate)} ({f.LitigationLoss.Lost} of {f.LitigationLoss.Judgments})");
            foreach (var (stage, count) in f.ByStage.Where(s => s.Value > 0))
                table.AddRow($"  stage {Words.Kebab(stage)}", Count(count));
            AnsiConsole.Write(table);
            if (settings.Months is { } months)
            {
                var trend = await store.Figures.TrendAsync(f.AgencyId, f.Today, months, cancellationToken);
                var byMonth = new Table().Title("By month: cases by filing month, decisions and judgments by the month made")
                    .AddColumns("month", "filed", "missed a deadline", "correction", "litigation loss", "days to decision (median)");
                foreach (var m in trend.Months)
                    byMonth.AddRow(m.Month, Count(m.CasesFiled), $"{Rate(m.MissedRate)} ({m.CasesWithMissedDeadlines})",
                        $"{Rate(m.Correction.Rate)} ({m.Correction.Corrected} of {m.Correction.Decisions})",
                        $"{Rate(m.LitigationLoss.Rate)} ({m.LitigationLoss.Lost} of {m.LitigationLoss.Judgments})", Number(m.FilingToDecisionDays.Median));
                AnsiConsole.Write(byMonth);
            }
            return ExitCodes.Success;
        });

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double? x) => x?.ToString("0.#", CultureInfo.InvariantCulture) ?? "—";

    private static string Rate(double? rate) => rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "—";
}
