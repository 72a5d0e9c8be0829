using System.ComponentModel;
using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;
using static CaseLedger.Cli.Supervision.AssessmentCommand;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger officer-assessment &lt;officer&gt; (--from yyyy-MM --to yyyy-MM | --year Y [--quarter Q])</c>: an officer's assessment
/// over a period (评议考核, 山东省行政执法监督条例 Art. 16), as <c>GET /api/officers/{id}/assessment</c> answers it.
/// </summary>
public sealed class OfficerAssessmentCommand(IClock clock) : AsyncCommand<OfficerAssessmentCommand.Settings>
{
    public sealed class Settings : PeriodSettings
    {
        [CommandArgument(0, "<officer>")]
        [Description("The officer's id.")]
        public string Officer { get; set; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var answer = await OfficerAssessmentQuery.ReadAsync(session, [session], ReadScope.Everything, settings.Officer, settings.Period, cancellationToken);
            if (answer.Value is not { } a) return LocalStore.Refused(answer.Refusal!);
            var table = new Table().Title($"Assessment of officer [bold]{Markup.Escape(a.OfficerId)}[/] ({Markup.Escape(a.AgencyId)}), {LocalStore.Show(a.From)} to {LocalStore.Show(a.To)}")
                .AddColumns("figure", "value");
            table.AddRow("cases handled (filed in the period)", Count(a.CasesHandled));
            table.AddRow("overdue rate (cases that missed a deadline)", $"{Rate(a.MissedRate)} ({a.CasesWithMissedDeadlines} of {a.CasesHandled}; {a.DeadlinesMissed} deadlines missed)");
            table.AddRow("decisions taken part in", Count(a.DecisionsTakenPartIn));
            table.AddRow("decisions corrected (reconsideration / litigation / supervision)",
                $"{Count(a.Corrections.Corrected)} ({a.Corrections.Reconsideration} / {a.Corrections.Litigation} / {a.Corrections.Supervision})");
            table.AddRow("case-file review (files, mean, lowest)",
                $"{Count(a.Reviews.Scored)}, {a.Reviews.MeanScore?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—"}, {a.Reviews.LowestScore?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
            foreach (var t in a.ThirdParty)
                table.AddRow($"third party: {Markup.Escape(t.Assessor)}", $"{t.Score?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—"} {(t.Grade is { } g ? Words.Kebab(g) : "")}".Trim());
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
}
