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

    /// <summary>
    /// CASELEDGER_DB_READ: a read replica's connection string (typically every host with <c>Target Session Attributes=prefer-standby</c>)
    /// for the read side (<see cref="ReadSide"/>); null, the default, reads the primary.
    /// </summary>
    public string? ReadConnectionString { get; init; }

    /// <summary>
    /// CASELEDGER_REGIONS: the regions, each a database of its own holding its agencies' cases (<see cref="RegionMap"/>); empty, the
    /// default, keeps everything in the one database of <see cref="ConnectionString"/>, which always holds the register.
    /// </summary>
    public IReadOnlyList<Region> Regions { get; init; } = [];

    /// <summary>The Postgres schema that holds CaseLedger's tables.</summary>
    public string Schema { get; init; } = "caseledger";

    /// <summary>
    /// The PEM file of the ECDSA P-256 key that signs checkpoints, generated on first use:
    /// CASELEDGER_CHECKPOINT_KEY, else $CASELEDGER_HOME/keys/checkpoint-p256.pem.
    /// </summary>
    public string CheckpointKeyPath { get; init; } =
        Environment.GetEnvironmentVariable("CASELEDGER_CHECKPOINT_KEY") is { Length: > 0 } configured
            ? configured
            : Path.Combine(LocalPostgres.DefaultHome(), "keys", "checkpoint-p256.pem");

    /// <summary>A signed checkpoint is made once this many events were appended since the last one; 0: only on demand.</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>
    /// While events arrive, a checkpoint at least this often (CASELEDGER_CHECKPOINT_INTERVAL, seconds, for <c>serve</c>): an event
    /// is covered by a signed checkpoint within this interval and one <see cref="CheckpointPoll"/> (docs/integrity.md §2).
    /// Null: only every <see cref="CheckpointEvery"/> events and on demand.
    /// </summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the node that signs looks at the log for events other nodes appended and for a checkpoint due by time.</summary>
    public TimeSpan CheckpointPoll { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the <see cref="Supervision.DeadlineSweeper"/> records deadlines that passed unmet (it also sweeps
    /// once at start). Null, the default, runs no sweeper: <c>caseledger serve</c> turns it on; tests, the
    /// demo, the benchmark and the CLI's replay and rebuild sweep by hand or not at all, so that nothing
    /// appends behind their back.
    /// </summary>
    public TimeSpan? DeadlineSweepInterval { get; init; }

    /// <summary>The largest request body served (1 MiB; CASELEDGER_MAX_REQUEST_BYTES): a larger one is refused with 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Where <c>caseledger codegen write</c> puts the handler and document code generated ahead of time (the engine's
    /// Internal/Generated folder); null at run time, when the pre-generated types are loaded from the engine's assembly.
    /// </summary>
    public string? GeneratedCodePath { get; init; }

    /// <summary>Where telemetry goes besides OTLP (OTEL_EXPORTER_OTLP_*): the tests' in-memory exporters; null, the default, none.</summary>
    public Telemetry.TelemetryExport? Telemetry { get; init; }

    /// <summary>
    /// How long the durable copy of an effect on a linked stream waits in the outbox before it runs (the command has run the
    /// effect itself by then, so the copy appends nothing unless the process died between the commit and the effect).
    /// </summary>
    public TimeSpan EffectRecheckDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fault injection for the crash tests only (CASELEDGER_TEST_STALL_EFFECTS=1 on <c>caseledger serve</c>): every effect on a
    /// linked stream waits until the process ends, so that a test can kill it between the commit and the effect.
    /// </summary>
    public bool StallEffects { get; init; }

    /// <summary>
    /// What a certificate issued on the qualification cycle needs: the training hours in the year up to the passed examination
    /// (60 by default; CASELEDGER_TRAINING_HOURS for <c>serve</c>). 山东省行政执法监督条例 Art. 10.
    /// </summary>
    public Domain.Officers.QualificationPolicy Qualification { get; init; } = Domain.Officers.QualificationPolicy.Default;

    /// <summary>The feed, the live stream and webhook delivery: poll interval, backoff, attempts.</summary>
    public IntegrationSettings Integrations { get; init; } = new();
}
