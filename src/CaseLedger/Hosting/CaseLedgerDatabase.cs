namespace CaseLedger.Hosting;

/// <summary>
/// Where CaseLedger keeps its data: the server named by CASELEDGER_DB, or else the embedded default,
/// a <see cref="LocalPostgres"/> under CASELEDGER_HOME that this process starts and stops.
/// </summary>
public sealed class CaseLedgerDatabase : IAsyncDisposable
{
    public const string DatabaseName = "caseledger";

    private CaseLedgerDatabase(string connectionString, LocalPostgres? local)
    {
        ConnectionString = connectionString;
        Local = local;
    }

    public string ConnectionString { get; }
    public LocalPostgres? Local { get; }

    /// <summary>A line for people: which server this is.</summary>
    public string Description => Local is { } local
        ? $"embedded PostgreSQL on 127.0.0.1:{local.Port}, data in {local.DataDirectory}"
        : "the PostgreSQL server named by CASELEDGER_DB";

    /// <summary>From the environment: CASELEDGER_DB, else the embedded default under CASELEDGER_HOME.</summary>
    public static Task<CaseLedgerDatabase> OpenAsync(CancellationToken ct = default) =>
        OpenAsync(Environment.GetEnvironmentVariable("CASELEDGER_DB"), LocalPostgres.DefaultHome(), ct);

    public static async Task<CaseLedgerDatabase> OpenAsync(string? configuredConnection, string home, CancellationToken ct = default)
    {
        if (configuredConnection is { Length: > 0 })
            return new CaseLedgerDatabase(configuredConnection, null);
        var local = await LocalPostgres.StartAsync(home, ct);
        await local.CreateDatabaseAsync(DatabaseName, ct);
        return new CaseLedgerDatabase(local.ConnectionString(DatabaseName), local);
    }

    public async ValueTask DisposeAsync()
    {
        if (Local is not null) await Local.DisposeAsync();
    }
}
