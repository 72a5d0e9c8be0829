using System.Globalization;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Supervision;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;

namespace CaseLedger.Cli.Supervision;

/// <summary><c>caseledger replay &lt;case&gt; [--as-of instant]</c>: the case's timeline as it stood then, and its deadlines on that day.</summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(string[] args, IClock clock)
    {
        if (CommandArguments.Parse(args, "caseledger replay <case-id> [--as-of 2026-03-02T01:30:00Z]", values: ["--as-of"], required: ["case id"]) is not { } arguments)
            return CommandArguments.UsageExitCode;
        var caseId = arguments.Positionals[0];
        Instant? asOf = null;
        if (arguments.Value("--as-of") is { } text)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(text);
            if (!parsed.Success)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--as-of must be an ISO-8601 instant such as 2026-03-02T01:30:00Z, not '{text}'.[/]");
                return CommandArguments.UsageExitCode;
            }
            asOf = parsed.Value;
        }

        await using var database = await CaseLedgerDatabase.OpenAsync();
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(database.ConnectionString, clock) { DeadlineSweepInterval = null });
        await using var session = store.Store.QuerySession();
        var replayed = await Replay.StateAsync(session, caseId, asOf ?? clock.GetCurrentInstant(), null, CancellationToken.None);
        if (replayed is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Case '{caseId}' {(asOf is null ? "has no stored events" : $"had no event as of {asOf}")}.[/]");
            return 1;
        }

        var events = await Replay.EventsAsync(session, caseId, asOf ?? clock.GetCurrentInstant(), null, CancellationToken.None);
        var steps = await AuditTrail.ForAsync(session, events, CancellationToken.None);
        var state = replayed.State;
        var table = new Table()
            .Title($"Case [bold]{Markup.Escape(state.Filing?.CaseNumber ?? caseId)}[/] as of {Markup.Escape(asOf?.ToString() ?? "now")} · version {replayed.Version}")
            .AddColumns("v", "recorded at", "business date", "step", "officers (certificate)", "recorded by");
        foreach (var step in steps)
        {
            table.AddRow(
                step.Version.ToString(CultureInfo.InvariantCulture),
                step.RecordedAt.ToString(),
                step.BusinessDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(step.Type),
                Markup.Escape(string.Join(", ", step.Officers.Select(o => $"{o.OfficerId} {Words.Kebab(o.Capacity)}{(o.CertificateNumber is null ? "" : $" ({o.CertificateNumber})")}"))),
                Markup.Escape(step.Actor ?? ""));
        }
        AnsiConsole.Write(table);

        AnsiConsole.MarkupLineInterpolated($"Stage: [bold]{PenaltyCase.StageOf(state)}[/] · agency {state.AgencyId} · business date {replayed.Today:yyyy-MM-dd}");
        var deadlines = new Table().Title("Deadlines on that day (§8.5)").AddColumns("deadline", "rule", "trigger", "end", "status", "met on");
        foreach (var d in PenaltyCase.Deadlines(state, store.Calendar.Current, replayed.Today))
        {
            var status = d.Status switch
            {
                DeadlineStatus.Open => "[yellow]open[/]",
                DeadlineStatus.Met => "[green]met[/]",
                _ => "[red]missed[/]",
            };
            deadlines.AddRow(Markup.Escape(d.Key), Markup.Escape(d.Rule), Show(d.Trigger), Show(d.End) + (d.Provisional ? " (provisional)" : ""),
                status, d.MetOn is { } met ? Show(met) : "");
        }
        AnsiConsole.Write(deadlines);
        return 0;
    }

    private static string Show(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

}
