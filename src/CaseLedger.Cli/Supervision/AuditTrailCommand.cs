using System.ComponentModel;
using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Supervision;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger audit-trail &lt;case-id&gt;</c>: every recorded step of a case, as <c>GET /api/cases/{id}/audit-trail</c> answers it.</summary>
public sealed class AuditTrailCommand(IClock clock) : AsyncCommand<AuditTrailCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<case-id>")]
        [Description("The case's id.")]
        public string CaseId { get; set; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        LocalStore.ReadAsync(clock, async store =>
        {
            await using var session = store.Store.QuerySession();
            var answer = await AuditTrail.ReadAsync(session, ReadScope.Everything, settings.CaseId, cancellationToken);
            if (answer.Value is not { } trail) return LocalStore.Refused(answer.Refusal!);
            var table = new Table()
                .Title($"Audit trail of case [bold]{Markup.Escape(trail.CaseId)}[/] · agency {Markup.Escape(trail.AgencyId)} · version {trail.Version}")
                .AddColumns("v", "business date", "step", "officers (certificate)", "documents", "chain hash");
            foreach (var step in trail.Steps)
            {
                table.AddRow(
                    step.Version.ToString(CultureInfo.InvariantCulture),
                    LocalStore.Show(step.BusinessDate),
                    Markup.Escape(step.Type),
                    Markup.Escape(Officers(step)),
                    Markup.Escape(string.Join(", ", step.Documents.Concat(step.Media.Keys))),
                    Markup.Escape(step.ChainHash is { Length: > 12 } hash ? hash[..12] + "…" : step.ChainHash ?? "—"));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });

    /// <summary>The officers of a step with their capacity (kebab-case, as the API writes it) and certificate.</summary>
    public static string Officers(AuditStep step) =>
        string.Join(", ", step.Officers.Select(o => $"{o.OfficerId} {Words.Kebab(o.Capacity)}{(o.CertificateNumber is null ? "" : $" ({o.CertificateNumber})")}"));
}
