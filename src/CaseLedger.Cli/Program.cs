using CaseLedger.Cli;
using CaseLedger.Cli.Supervision;
using CaseLedger.Cli.Audit;
using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;

// The composition root: the one place that reads the machine's clock.
var clock = SystemClock.Instance;

try
{
    return args.FirstOrDefault() switch
    {
        "serve" => await ServeCommand.RunAsync(args[1..], clock),
        "demo" => await DemoCommand.RunAsync(args[1..], clock),
        "replay" => await ReplayCommand.RunAsync(args[1..], clock),
        "rebuild" => await RebuildCommand.RunAsync(args[1..], clock),
        "bench" => await CaseLedger.Cli.Bench.BenchCommand.RunAsync(args[1..], clock),
        "audit" => await AuditCommands.AuditAsync(args[1..], clock),
        "export" => await AuditCommands.ExportAsync(args[1..], clock),
        "verify" => AuditCommands.Verify(args[1..], AnsiConsole.Console),
        "codegen" => await CodegenCommand.RunAsync(args[1..], clock),
        null or "help" or "--help" or "-h" => Usage(0),
        var unknown => Usage(2, unknown),
    };
}
catch (LocalPostgresException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
    return 3;
}

static int Usage(int exitCode, string? unknown = null)
{
    if (unknown is not null) AnsiConsole.MarkupLineInterpolated($"[red]Unknown command '{unknown}'.[/]");
    AnsiConsole.MarkupLine("[bold]caseledger[/] — the case lifecycle engine for administrative law enforcement");
    // Plain text, neither markup (its [--options] would be read as styles) nor wrapped at the console's width.
    Console.WriteLine("""

          caseledger demo [--serve [--urls URLS]]   run a realistic set of cases on the embedded PostgreSQL;
                                           --serve: then serve them, printing the console's URL and a supervisor's token
          caseledger serve [--urls URLS] [--log-format text|json]   serve the HTTP API (default http://127.0.0.1:5080)
          caseledger replay <case> [--as-of INSTANT]
                                           the case's timeline and deadlines as they stood then
          caseledger rebuild [projection]  project the read models again from the events
          caseledger audit [--case ID] [--json]   findings of the stored events, per case (exit 1 on findings)
          caseledger export [--case ID] [--out FILE]   events, chain hashes, a signed checkpoint and proofs as JSON
          caseledger verify FILE --public-key PEM   check an export offline, no database (exit 1 naming every break)
          caseledger bench [--quick] [--json FILE]   measure CaseLedger against the machine's limits
          caseledger codegen write|check   (developers) the handler and store code generated ahead of time

        Environment: CASELEDGER_DB (Npgsql connection string; default: embedded PostgreSQL under
        CASELEDGER_HOME, ~/.caseledger), CASELEDGER_ADMIN_TOKEN (the first administrator's token),
        CASELEDGER_MAX_REQUEST_BYTES (the largest request body served; default 1048576), CASELEDGER_SCHEMA
        (the PostgreSQL schema of the tables `serve` uses; default caseledger), CASELEDGER_DEADLINE_SWEEP_SECONDS
        (how often `serve` records deadlines that passed unmet; default 60; 0: never in this process),
        CASELEDGER_CHECKPOINT_KEY (the PEM key that signs checkpoints; the same file on every node),
        CASELEDGER_CHECKPOINT_INTERVAL (seconds: while events arrive, a signed checkpoint at least this often; default 60),
        OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables (traces and metrics by OTLP; none when unset).
        """);
    return exitCode;
}
