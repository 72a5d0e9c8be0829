using CaseLedger.Cli.Audit;
using CaseLedger.Cli.Bench;
using CaseLedger.Cli.Supervision;
using CaseLedger.Hosting;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli;

/// <summary>The exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work found what it looks for (an audit's findings, an export that does not verify) or could not be done.</summary>
    public const int Failure = 1;
    /// <summary>The command line is wrong: an unknown command or option, a missing or malformed argument. Nothing was done.</summary>
    public const int Usage = 2;
    /// <summary>The embedded PostgreSQL could not be found or started.</summary>
    public const int NoDatabase = 3;
}

/// <summary>
/// <c>caseledger</c>: every command with its typed settings (Spectre.Console.Cli), generated help, the settings validated
/// before any work starts, and one set of <see cref="ExitCodes"/>.
/// </summary>
public static class CaseLedgerApp
{
    public static async Task<int> RunAsync(string[] args, IClock clock)
    {
        var app = Build(clock);
        // Written to a file or a pipe, help and tables get 100 columns rather than Spectre's 80, unless COLUMNS says otherwise.
        if (Console.IsOutputRedirected && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("COLUMNS"))) AnsiConsole.Profile.Width = 100;
        if (args is [] or ["help"] or ["--help"] or ["-h"])
        {
            await app.RunAsync(["--help"]);
            Console.WriteLine();
            Console.WriteLine(Environment);
            return ExitCodes.Success;
        }
        try
        {
            return await app.RunAsync(args);
        }
        catch (Exception e) when (e is CommandAppException or UsageException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            await app.RunAsync([.. CommandPath(args), "--help"]);
            return ExitCodes.Usage;
        }
        catch (LocalPostgresException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.NoDatabase;
        }
    }

    public static CommandApp Build(IClock clock)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("caseledger");
            config.PropagateExceptions();
            // An unknown option is a mistake to name, not an argument to ignore (a full benchmark run without the JSON file asked
            // for). Spectre's strict parsing would name it, but then reads an option given last without its value as set.
            config.SetInterceptor(new NothingLeftOver());
            config.Settings.Registrar.RegisterInstance(clock);
            config.AddCommand<DemoCommand>("demo").WithDescription("Run a realistic set of cases on the embedded PostgreSQL.");
            config.AddCommand<ServeCommand>("serve").WithDescription("Serve the HTTP API (default http://127.0.0.1:5080).");
            config.AddCommand<ReplayCommand>("replay").WithDescription("A case's timeline and deadlines as they stood at an instant.");
            config.AddCommand<AuditTrailCommand>("audit-trail").WithDescription("Every recorded step of a case: officers, certificates, documents, chain hashes.");
            config.AddCommand<BoardCommand>("board").WithDescription("The deadline board: open, overdue, due-soon, met, missed or lapsed deadlines.");
            config.AddCommand<QueueCommand>("queues").WithDescription("A review queue: legal-review, collective-discussion, hearings, publicity, reconsideration.");
            config.AddCommand<FiguresCommand>("figures").WithDescription("An agency's figures: cases by stage, overdue, corrections, litigation losses.");
            config.AddCommand<ReviewResultsCommand>("reviews").WithDescription("A case-file review campaign's results per agency and officer.");
            config.AddCommand<DisputeCommand>("dispute").WithDescription("A dispute between agencies: its parties, agreements, ruling and who is bound.");
            config.AddCommand<AssessmentCommand>("assessment").WithDescription("An agency's assessment over a period: figures, case-file review scores, third parties'.");
            config.AddCommand<OfficerAssessmentCommand>("officer-assessment").WithDescription("An officer's assessment over a period: their cases, corrections, review scores.");
            config.AddCommand<RebuildCommand>("rebuild").WithDescription("Project the read models again from the events.");
            config.AddCommand<AuditCommand>("audit").WithDescription("Findings of the stored events, per case (exit 1 on findings).");
            config.AddCommand<ExportCommand>("export").WithDescription("Events, chain hashes, a signed checkpoint and proofs as JSON.");
            config.AddCommand<VerifyCommand>("verify").WithDescription("Check an export offline, no database (exit 1 naming every break).");
            config.AddCommand<BenchCommand>("bench").WithDescription("Measure CaseLedger against the machine's limits.");
            config.AddBranch("codegen", codegen =>
            {
                codegen.SetDescription("(developers) The handler and store code generated ahead of time.");
                codegen.AddCommand<CodegenCommand.Write>("write").WithDescription("Write the generated code into src/CaseLedger/Internal/Generated.");
                codegen.AddCommand<CodegenCommand.Check>("check").WithDescription("Whether the committed generated code is current (exit 1 if not).");
            });
        });
        return app;
    }

    /// <summary>The command a wrong command line was meant for, whose help follows the problem: none when the command is unknown.</summary>
    private static string[] CommandPath(string[] args) => args switch
    {
        ["codegen", "write" or "check", ..] => args[..2],
        [var command, ..] when Commands.Contains(command) => [command],
        _ => [],
    };

    private sealed class UsageException(string message) : Exception(message);

    /// <summary>Refuses, before the command runs, whatever on the command line no setting took.</summary>
    private sealed class NothingLeftOver : ICommandInterceptor
    {
        public void Intercept(CommandContext context, CommandSettings settings)
        {
            if (context.Remaining.Parsed.Count > 0)
                throw new UsageException($"Unknown option '{context.Remaining.Parsed.First().Key}'.");
            if (context.Remaining.Raw.Count > 0)
                throw new UsageException($"Unexpected argument '{context.Remaining.Raw[0]}'.");
        }
    }

    private static readonly HashSet<string> Commands =
        ["demo", "serve", "replay", "audit-trail", "board", "queues", "figures", "rebuild", "audit", "export", "verify", "bench", "codegen"];

    private const string Environment = """
        ENVIRONMENT:
            CASELEDGER_DB                     Npgsql connection string; default: embedded PostgreSQL under CASELEDGER_HOME
            CASELEDGER_DB_READ                a streaming replica that serve reads the board, queues and figures from
            CASELEDGER_REGIONS                regions, each a database of its own: JSON {"id": {"connectionString", "agencies"}} or a file
            CASELEDGER_HOME                   where the embedded PostgreSQL lives (default ~/.caseledger)
            CASELEDGER_ADMIN_TOKEN            the first administrator's token
            CASELEDGER_MAX_REQUEST_BYTES      the largest request body served (default 1048576)
            CASELEDGER_SCHEMA                 the PostgreSQL schema of the tables serve uses (default caseledger)
            CASELEDGER_DEADLINE_SWEEP_SECONDS how often serve records deadlines that passed unmet (default 60; 0: never here)
            CASELEDGER_CHECKPOINT_KEY         the PEM key that signs checkpoints (the same file on every node)
            CASELEDGER_CHECKPOINT_INTERVAL    seconds: while events arrive, a signed checkpoint at least this often (default 60)
            CASELEDGER_TRAINING_HOURS         training hours in the year before the examination a certificate needs (default 60)
            OTEL_EXPORTER_OTLP_ENDPOINT       and the other OTEL_* variables: traces and metrics by OTLP (none when unset)
        """;
}
