using System.ComponentModel;
using CaseLedger.Hosting;
using CaseLedger.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CaseLedger.Cli;

/// <summary><c>caseledger serve [--urls] [--log-format]</c>: the HTTP API until Ctrl-C.</summary>
public sealed class ServeCommand(IClock clock) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen (default http://127.0.0.1:5080).")]
        public string Urls { get; set; } = "http://127.0.0.1:5080";

        [CommandOption("--log-format <FORMAT>")]
        [Description("text, or json: one object per entry with its scopes, for a log collector.")]
        public string LogFormat { get; set; } = "text";

        public override ValidationResult Validate() =>
            LogFormat is "text" or "json" ? ValidationResult.Success() : ValidationResult.Error($"--log-format is text or json (got '{LogFormat}').");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings arguments, CancellationToken cancellationToken)
    {
        var (urls, logFormat) = (arguments.Urls, arguments.LogFormat);
        await using var database = await CaseLedgerDatabase.OpenAsync();
        var settings = new CaseLedgerSettings(database.ConnectionString, clock)
        {
            AdminToken = Environment.GetEnvironmentVariable("CASELEDGER_ADMIN_TOKEN"),
            DeadlineSweepInterval = TimeSpan.FromMinutes(1),
            StallEffects = Environment.GetEnvironmentVariable("CASELEDGER_TEST_STALL_EFFECTS") == "1",
            // The read side's replica (docs/operations.md §4); unset, reads go to the primary.
            ReadConnectionString = Environment.GetEnvironmentVariable("CASELEDGER_DB_READ") is { Length: > 0 } read ? read : null,
            // Regions, a database each (docs/operations.md §6); unset, one database holds everything.
            Regions = RegionMap.FromEnvironment(),
        };
        if (Environment.GetEnvironmentVariable("CASELEDGER_DEADLINE_SWEEP_SECONDS") is { Length: > 0 } sweep)
        {
            // 0: this process never sweeps (another process on the database does); otherwise how often, whichever process holds the duty.
            if (!int.TryParse(sweep, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds > 86_400)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]CASELEDGER_DEADLINE_SWEEP_SECONDS must be a whole number of seconds from 0 (never) to 86400 (got '{sweep}').[/]");
                return ExitCodes.Usage;
            }
            settings = settings with { DeadlineSweepInterval = seconds == 0 ? null : TimeSpan.FromSeconds(seconds) };
        }
        if (Environment.GetEnvironmentVariable("CASELEDGER_SCHEMA") is { Length: > 0 } schema)
        {
            // Several deployments may share one database, each in a schema of its own; the name goes into SQL, so only a plain identifier.
            if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$"))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]CASELEDGER_SCHEMA must be a lower-case PostgreSQL identifier (a-z, 0-9, _; got '{schema}').[/]");
                return ExitCodes.Usage;
            }
            settings = settings with { Schema = schema };
        }
        if (Environment.GetEnvironmentVariable("CASELEDGER_MAX_REQUEST_BYTES") is { Length: > 0 } max)
        {
            if (!long.TryParse(max, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) || bytes < 1024)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]CASELEDGER_MAX_REQUEST_BYTES must be a whole number of bytes, at least 1024 (got '{max}').[/]");
                return ExitCodes.Usage;
            }
            settings = settings with { MaxRequestBodyBytes = bytes };
        }
        if (Environment.GetEnvironmentVariable("CASELEDGER_TRAINING_HOURS") is { Length: > 0 } hours)
        {
            if (!decimal.TryParse(hours, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var required) || required > 1000)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]CASELEDGER_TRAINING_HOURS must be a number of hours from 0 to 1000 (got '{hours}').[/]");
                return ExitCodes.Usage;
            }
            settings = settings with { Qualification = new Domain.Officers.QualificationPolicy(required) };
        }
        if (Environment.GetEnvironmentVariable("CASELEDGER_CHECKPOINT_INTERVAL") is { Length: > 0 } interval)
        {
            if (!int.TryParse(interval, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]CASELEDGER_CHECKPOINT_INTERVAL must be a whole number of seconds, at least 1 (got '{interval}').[/]");
                return ExitCodes.Usage;
            }
            settings = settings with { CheckpointInterval = TimeSpan.FromSeconds(seconds) };
        }
        // JSON lines, one object per entry with its scopes (trace id included), for a log collector.
        Action<ILoggingBuilder>? logging = logFormat == "json" ? l => l.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true) : null;
        await using var app = CaseLedgerServer.Build(settings, urls, logging);
        // A dead postmaster is started again within seconds (PostgreSQL's crash recovery); meanwhile requests answer 503.
        database.Local?.Supervise(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseLedger.EmbeddedPostgres"));
        await app.StartAsync();
        AnsiConsole.MarkupLineInterpolated($"CaseLedger serves [bold]{urls}[/] on {database.Description}.");
        if (await CaseLedgerServer.BootstrapAdministratorAsync(app, settings) is { } token)
            AnsiConsole.MarkupLineInterpolated($"First administrator token (shown once, keep it): [bold yellow]{token}[/]");
        AnsiConsole.MarkupLine("OpenAPI: /openapi/v1.json · health: /health · Ctrl-C stops.");
        await app.WaitForShutdownAsync();
        return ExitCodes.Success;
    }
}
