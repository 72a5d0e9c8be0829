using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// Whether a rebuild of the read models runs (<see cref="ReadModels.RebuildAsync"/>): it holds this advisory lock, exclusive,
/// for its whole transaction. While it runs, the tables it rewrites (officers, case files, ...) are emptied and filled again,
/// so a request that finds an officer or a file missing, or is refused on what it read, may have read a half-built table:
/// it is answered 503 <see cref="Code"/> (nothing was appended) rather than a refusal that would not be true a minute later.
/// </summary>
/// <remarks>Asked only on those rare paths, never on every request: a command that succeeds has nothing to doubt.</remarks>
public sealed class RebuildGate(NpgsqlDataSource dataSource, CaseLedgerSettings settings)
{
    public const string Code = "read-models-rebuilding";

    /// <summary>Takes the lock inside the rebuild's transaction, waiting for a rebuild already running.</summary>
    public static async Task HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = KeyOf(schema) });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>True while a rebuild holds the lock (a shared try, released at once, fails only against it).</summary>
    public async Task<bool> RunningAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select pg_try_advisory_xact_lock_shared(hashtext($1))");
        command.Parameters.Add(new NpgsqlParameter { Value = KeyOf(settings.Schema) });
        return await command.ExecuteScalarAsync(ct) is false;
    }

    /// <summary>The lock's key (hashed) for the read models of <paramref name="schema"/>; the agency figures' triggers ask it too.</summary>
    public static string KeyOf(string schema) => $"{schema}.read-models-rebuild";
}
