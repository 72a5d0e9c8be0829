using System.Runtime.InteropServices;
using Npgsql;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// What the figures were measured on: the raw limits depend on the machine and on the server's durability settings
/// (a server without fsync commits ten times faster), so a run's figures are kept with them.
/// </summary>
public sealed record BenchEnvironment(string Machine, int Cores, string Os, string Runtime, string Sizes, IReadOnlyDictionary<string, string> Server)
{
    /// <summary>The server settings that move the raw limits.</summary>
    private static readonly string[] Settings = ["server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections"];

    public static async Task<BenchEnvironment> ReadAsync(string connectionString, string sizes)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("select name, current_setting(name) from pg_settings where name = any($1) order by name");
        command.Parameters.Add(new NpgsqlParameter { Value = Settings });
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                settings[reader.GetString(0)] = reader.GetString(1);
        return new BenchEnvironment(Environment.MachineName, Environment.ProcessorCount, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, sizes, settings);
    }

    public override string ToString() =>
        $"{Cores} cores · {Runtime} · PostgreSQL {Server.GetValueOrDefault("server_version", "?")} " +
        $"(fsync {Server.GetValueOrDefault("fsync", "?")}, synchronous_commit {Server.GetValueOrDefault("synchronous_commit", "?")}, " +
        $"shared_buffers {Server.GetValueOrDefault("shared_buffers", "?")})";
}
