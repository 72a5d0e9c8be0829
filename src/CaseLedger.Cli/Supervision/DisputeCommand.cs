using System.ComponentModel;
using CaseLedger.Commands;
using CaseLedger.Disputes;
using CaseLedger.Domain;
using CaseLedger.Domain.Disputes;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary>
/// <c>caseledger dispute &lt;dispute&gt;</c>: a dispute between agencies (执法争议协调裁决, 山东省行政执法监督条例 Art. 18) as
/// <c>GET /api/disputes/{id}</c> answers it: its parties, the agreements recorded and who signed them, the government's ruling, and
/// which agencies are bound to which competent agency.
/// </summary>
public sealed class DisputeCommand(IClock clock) : AsyncCommand<DisputeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dispute>")]
        [Description("The dispute's id.")]
        public string Dispute { get; set; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var file = StreamKeys.IsCaseId(settings.Dispute) ? await session.LoadAsync<DisputeFile>(settings.Dispute, cancellationToken) : null;
            if (file?.State is not { } s)
                return LocalStore.Refused(new Refusal(RefusalCodes.NotFound, $"'{settings.Dispute}' is not a known dispute id."));
            AnsiConsole.MarkupLineInterpolated(
                $"[bold]{s.Raising.Subject}[/] ({Dispute.StageOf(s)}, {s.Raising.Kind}): raised by {s.Raising.RaisedByAgency} on {s.Raising.RaisedOn:uuuu-MM-dd} to {s.Raising.Office}; parties {string.Join(", ", s.Parties())}{(s.CaseId is { } c ? $"; case {c}" : "")}");
            var steps = new Table().AddColumns("on", "step", "binds", "competent agency", "terms or ruling");
            foreach (var a in s.Agreements)
                steps.AddRow($"{a.AgreedOn:uuuu-MM-dd}", a.Settled ? "agreement (every party signed)" : "agreement", Markup.Escape(string.Join(", ", a.SignedBy)),
                    Markup.Escape(a.CompetentAgency ?? "—"), Markup.Escape(a.Terms));
            if (s.Ruling is { } r)
                steps.AddRow($"{r.RuledOn:uuuu-MM-dd}", Markup.Escape($"ruling of {r.Government}"), Markup.Escape(string.Join(", ", r.Binds)),
                    Markup.Escape(r.CompetentAgency ?? "—"), Markup.Escape(r.Ruling));
            AnsiConsole.Write(steps);
            return ExitCodes.Success;
        });
}
