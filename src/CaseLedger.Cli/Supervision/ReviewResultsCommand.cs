using System.ComponentModel;
using System.Globalization;
using CaseLedger.CaseFileReviews;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.CaseFileReviews;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger reviews &lt;campaign&gt;</c>: a case-file review campaign's results per agency and officer (山东省行政执法监督条例
/// Art. 14), as <c>GET /api/review-campaigns/{id}/results</c> answers them (<see cref="ReviewResults.Of"/>).
/// </summary>
public sealed class ReviewResultsCommand(IClock clock) : AsyncCommand<ReviewResultsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<campaign>")]
        [Description("The review campaign's id.")]
        public string Campaign { get; set; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var file = StreamKeys.IsCaseId(settings.Campaign) ? await session.LoadAsync<ReviewCampaignFile>(settings.Campaign, cancellationToken) : null;
            if (file?.State is not { } state)
                return LocalStore.Refused(new Refusal(RefusalCodes.NotFound, $"'{settings.Campaign}' is not a known review campaign id."));
            var r = ReviewResults.Of(state);
            AnsiConsole.MarkupLineInterpolated(
                $"[bold]{r.Title}[/] ({r.Stage}) by {r.Body}: {r.Scored} of {r.Sampled} files scored, drawn from {r.CandidateCount} by seed {r.Seed}; mean {Number(r.MeanScore)}");
            var agencies = new Table().Title("Per agency").AddColumns("agency", "sampled", "scored", "mean", "lowest", "defects by item");
            foreach (var a in r.Agencies)
                agencies.AddRow(Markup.Escape(a.AgencyId), Count(a.Sampled), Count(a.Scored), Number(a.MeanScore), a.LowestScore?.ToString(CultureInfo.InvariantCulture) ?? "—",
                    Markup.Escape(string.Join(", ", a.DefectsByItem.Select(d => $"{d.Key} {d.Value}"))));
            AnsiConsole.Write(agencies);
            var officers = new Table().Title("Per officer").AddColumns("officer", "agency", "files", "mean", "defects");
            foreach (var o in r.Officers)
                officers.AddRow(Markup.Escape(o.OfficerId), Markup.Escape(o.AgencyId), Count(o.Scored), Number(o.MeanScore), Count(o.Defects));
            AnsiConsole.Write(officers);
            return ExitCodes.Success;
        });

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double? x) => x?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";
}
