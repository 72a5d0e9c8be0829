using System.ComponentModel;
using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger assessment &lt;agency&gt; (--from yyyy-MM --to yyyy-MM | --year Y [--quarter Q])</c>: an agency's assessment over a
/// period (评议考核, 山东省行政执法监督条例 Art. 16) with the third parties' assessments of it, as <c>GET /api/agencies/{id}/assessment</c> answers it.
/// </summary>
public sealed class AssessmentCommand(IClock clock) : AsyncCommand<AssessmentCommand.Settings>
{
    public sealed class Settings : PeriodSettings
    {
        [CommandArgument(0, "<agency>")]
        [Description("The agency's id.")]
        public string Agency { get; set; } = "";
    }

    /// <summary>An assessment's period on the command line, as the API's query string gives it (<see cref="Domain.Assessments.AssessmentPeriod"/>).</summary>
    public abstract class PeriodSettings : CommandSettings
    {
        [CommandOption("--from <MONTH>")]
        [Description("The first month of the period (yyyy-MM).")]
        public string? From { get; set; }

        [CommandOption("--to <MONTH>")]
        [Description("The last month of the period (yyyy-MM), included.")]
        public string? To { get; set; }

        [CommandOption("--year <YEAR>")]
        [Description("A calendar year as the period.")]
        public string? Year { get; set; }

        [CommandOption("--quarter <Q>")]
        [Description("With --year: one quarter of it (1-4).")]
        public string? Quarter { get; set; }

        public (string? From, string? To, string? Year, string? Quarter) Period => (From, To, Year, Quarter);
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var answer = await new AgencyAssessmentQuery(store.Figures).ReadAsync(session, ReadScope.Everything, settings.Agency,
                settings.Period, cancellationToken);
            if (answer.Value is not { } a) return LocalStore.Refused(answer.Refusal!);
            var f = a.Figures;
            var table = new Table().Title($"Assessment of [bold]{Markup.Escape(a.AgencyId)}[/], {LocalStore.Show(a.From)} to {LocalStore.Show(a.To)}").AddColumns("figure", "value");
            table.AddRow("cases filed", Count(f.CasesFiled));
            table.AddRow("overdue rate (filed cases that missed a deadline)", $"{Rate(f.MissedRate)} ({f.CasesWithMissedDeadlines} of {f.CasesFiled})");
            table.AddRow("correction rate (reconsideration)", $"{Rate(f.Correction.Rate)} ({f.Correction.Corrected} of {f.Correction.Decisions})");
            table.AddRow("litigation loss rate", $"{Rate(f.LitigationLoss.Rate)} ({f.LitigationLoss.Lost} of {f.LitigationLoss.Judgments})");
            table.AddRow("supervision decisions / not executed", $"{Count(f.Supervision.Decisions)} / {Count(f.Supervision.NonCompliances)}");
            table.AddRow("case-file review (files, mean, lowest)",
                $"{Count(a.Reviews.Scored)}, {a.Reviews.MeanScore?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—"}, {a.Reviews.LowestScore?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
            AnsiConsole.Write(table);
            if (a.Officers.Count > 0)
            {
                var officers = new Table().Title("Review scores per officer").AddColumns("officer", "files", "mean", "defects");
                foreach (var o in a.Officers)
                    officers.AddRow(Markup.Escape(o.OfficerId), Count(o.Scored), o.MeanScore?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—", Count(o.Defects));
                AnsiConsole.Write(officers);
            }
            if (a.ThirdParty.Count > 0)
            {
                var third = new Table().Title("Third parties' assessments (Art. 16)").AddColumns("period", "of", "assessor", "score", "grade", "findings");
                foreach (var t in a.ThirdParty)
                    third.AddRow($"{LocalStore.Show(t.PeriodFrom)} to {LocalStore.Show(t.PeriodTo)}", Markup.Escape(t.OfficerId ?? "the agency"),
                        Markup.Escape(t.Assessor), t.Score?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—",
                        t.Grade is { } g ? Words.Kebab(g) : "—", Markup.Escape(t.Findings));
                AnsiConsole.Write(third);
            }
            return ExitCodes.Success;
        });

    internal static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Rate(double? rate) => rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "—";
}
