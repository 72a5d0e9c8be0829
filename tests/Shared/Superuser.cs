using Npgsql;

namespace CaseLedger.Testing;

/// <summary>
/// SQL as a superuser with database access would send it to tamper with the store: past the triggers that keep the
/// event table and the checkpoints append-only (<c>session_replication_role = replica</c> fires no ordinary trigger).
/// The test clusters' user is a superuser.
/// </summary>
public static class Superuser
{
    /// <returns>The rows changed.</returns>
    public static async Task<int> ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var replica = new NpgsqlCommand("set local session_replication_role = replica", connection, transaction))
            await replica.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var changed = await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return changed;
    }
}
