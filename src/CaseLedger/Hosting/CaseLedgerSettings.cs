using CaseLedger.Subscriptions;
using NodaTime;

namespace CaseLedger.Hosting;

/// <summary>How one CaseLedger process is wired: its database, its clock and its first administrator.</summary>
public sealed record CaseLedgerSettings(string ConnectionString, IClock Clock)
{
    /// <summary>CASELEDGER_ADMIN_TOKEN: the first administrator's token; generated and printed once when absent.</summary>
    public string? AdminToken { get; init; }

    /// <summary>One process owns the database (tests, the demo, a single server): no leader election.</summary>
    public bool Solo { get; init; } = true;

    /// <summary>The Postgres schema that holds CaseLedger's tables.</summary>
    public string Schema { get; init; } = "caseledger";

    /// <summary>
    /// How often the <see cref="Supervision.DeadlineSweeper"/> records deadlines that passed unmet (it also sweeps
    /// once at start). Null, the default, runs no sweeper: <c>caseledger serve</c> turns it on; tests, the
    /// demo, the benchmark and the CLI's replay and rebuild sweep by hand or not at all, so that nothing
    /// appends behind their back.
    /// </summary>
    public TimeSpan? DeadlineSweepInterval { get; init; }

    /// <summary>The feed, the live stream and webhook delivery: poll interval, backoff, attempts.</summary>
    public IntegrationSettings Integrations { get; init; } = new();
}
