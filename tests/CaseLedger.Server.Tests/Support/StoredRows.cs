using Npgsql;

namespace CaseLedger.Server.Tests.Support;

/// <summary>The store's rows as PostgreSQL holds them, for tests that change them behind the engine's back and compare them after.</summary>
public static class StoredRows
{
    /// <summary>Runs <paramref name="sql"/> on the fixture's database; it must touch exactly one row.</summary>
    public static async Task ExecuteOneRowAsync(this ServerFixture server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Every document of <paramref name="table"/> by id, as its JSON text and, for a projected one, its revision.</summary>
    public static async Task<Dictionary<string, string>> DocumentsAsync(this ServerFixture server, string table)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        // A projected document's revision is its stream's version (a numeric mt_version); other documents' is a fresh uuid.
        await using var command = new NpgsqlCommand(
            $"select id, data::text || case when pg_typeof(mt_version) = 'bigint'::regtype then ' @ ' || mt_version::text else '' end from caseledger.{table}",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new Dictionary<string, string>();
        while (await reader.ReadAsync()) documents[reader.GetString(0)] = reader.GetString(1);
        return documents;
    }
}
