using System.Diagnostics;
using System.Diagnostics.Metrics;
using CaseLedger.Commands;

namespace CaseLedger.Telemetry;

/// <summary>
/// What every command did, counted where every command passes (<see cref="RunCommandHandler"/>): commands by kind and outcome,
/// refusals by their stable code, and each command's duration. Instruments cost nothing until a meter listener (OpenTelemetry) asks.
/// </summary>
public static class CommandMetrics
{
    public const string MeterName = "CaseLedger";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "caseledger.commands", "{command}", "Commands run, by command and outcome (appended, refused, replayed, unchanged).");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "caseledger.refusals", "{refusal}", "Commands refused, by their stable problem code.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "caseledger.command.duration", "ms", "From a command's arrival at the pipeline to its answer, effects included.");

    public static void Record(RunCommand command, CommandResult result, long startedTimestamp)
    {
        if (!Commands.Enabled && !Duration.Enabled) return;
        var name = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(command.Command.GetType().Name);
        var outcome = result.Refusal is not null ? "refused" : result.Replayed ? "replayed" : result.Events.Count == 0 ? "unchanged" : "appended";
        Commands.Add(1, new("command", name), new("outcome", outcome));
        if (result.Refusal is { } refusal) Refusals.Add(1, new KeyValuePair<string, object?>("code", refusal.Code), new("command", name));
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("command", name), new("outcome", outcome));
    }
}
