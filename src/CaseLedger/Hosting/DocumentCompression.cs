using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// Stores the JSON of CaseLedger's events and documents compressed with LZ4 where the server has it, instead of
/// PostgreSQL's default pglz. A case file (about 5 KB) and what supervisors see of it (about 3 KB) are rewritten by every
/// command and pass the 2 KB mark above which PostgreSQL compresses a value: pglz took about 105 µs of the server's time
/// to write a 7.8 KB case file, LZ4 about 72 µs, and LZ4 reads faster too. Only values written from then on are compressed
/// the new way; both kinds read back the same. A server built without LZ4 keeps its default.
/// </summary>
public static class DocumentCompression
{
    /// <summary>
    /// Sets LZ4 on every jsonb column of the schema's Marten tables that still has the server's default, skipping a table
    /// that another session holds for longer than a second.
    /// </summary>
    /// <returns>The columns changed, as <c>table.column</c>.</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await SupportsLz4Async(connection, ct)) return [];

        var columns = new List<(string Name, string Change)>();
        await using (var find = new NpgsqlCommand("""
            select c.relname || '.' || a.attname, format('alter table %I.%I alter column %I set compression lz4', n.nspname, c.relname, a.attname)
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relkind = 'r' and c.relname like 'mt\_%' and a.attnum > 0 and not a.attisdropped
              and a.atttypid = 'jsonb'::regtype and a.attcompression = ''
            order by c.relname, a.attname
            """, connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        // A catalogue change only: nothing stored is rewritten. But the change waits for every reader of the table, and every
        // command would queue behind it; on a busy store a column that cannot be had at once is left for the next start.
        await using (var timeout = new NpgsqlCommand("set lock_timeout = '1s'", connection))
            await timeout.ExecuteNonQueryAsync(ct);
        var changed = new List<string>();
        foreach (var (name, change) in columns)
        {
            await using var alter = new NpgsqlCommand(change, connection);
            try
            {
                await alter.ExecuteNonQueryAsync(ct);
                changed.Add(name);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
            }
        }
        return changed;
    }

    /// <summary>Whether the server was built with LZ4 (PostgreSQL 14 and later, <c>--with-lz4</c>).</summary>
    public static async Task<bool> SupportsLz4Async(NpgsqlConnection connection, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand(
            "select coalesce(bool_or('lz4' = any(enumvals)), false) from pg_settings where name = 'default_toast_compression'", connection);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}
