using CaseLedger.Hosting;
using CaseLedger.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CaseLedger.Tests.Hosting;

public class when_storing_documents_compressed
{
    [Fact]
    public async Task a_started_store_keeps_every_event_and_document_column_in_lz4_and_a_second_start_changes_nothing()
    {
        await using var dataSource = CaseLedgerServices.DataSource(await StartedStoreAsync());
        await using var db = await dataSource.OpenConnectionAsync();
        var columns = await JsonColumnsAsync(db);
        Assert.Contains(("mt_doc_casefile", "data"), columns.Keys);
        Assert.Contains(("mt_doc_casesupervision", "data"), columns.Keys);
        Assert.Contains(("mt_events", "data"), columns.Keys);

        if (await DocumentCompression.SupportsLz4Async(db))
        {
            Assert.All(columns, c => Assert.Equal("l", c.Value));

            // A value written from now on is compressed with LZ4, and reads back as it was written.
            var large = "{\"note\": \"" + string.Concat(Enumerable.Repeat("全过程记录 ", 2_000)) + "\"}";
            await using var write = new NpgsqlCommand(
                "insert into caseledger.mt_doc_readmodelshape (id, data, mt_dotnet_type) values ('large', $1::jsonb, 'test')", db);
            write.Parameters.Add(new NpgsqlParameter { Value = large });
            await write.ExecuteNonQueryAsync();
            await using var read = new NpgsqlCommand(
                "select pg_column_compression(data), data->>'note' from caseledger.mt_doc_readmodelshape where id = 'large'", db);
            await using var stored = await read.ExecuteReaderAsync();
            Assert.True(await stored.ReadAsync());
            Assert.Equal("lz4", stored.GetString(0));
            Assert.Equal(string.Concat(Enumerable.Repeat("全过程记录 ", 2_000)), stored.GetString(1));
        }
        else
        {
            // A server built without LZ4 keeps its default, and the store still starts.
            Assert.All(columns, c => Assert.Equal("", c.Value));
        }

        Assert.Empty(await DocumentCompression.ApplyAsync(dataSource, "caseledger"));
    }

    [Fact]
    public async Task a_table_that_a_reader_holds_is_left_for_the_next_start_and_the_others_are_changed()
    {
        await using var dataSource = CaseLedgerServices.DataSource(await StartedStoreAsync());
        await using var db = await dataSource.OpenConnectionAsync();
        if (!await DocumentCompression.SupportsLz4Async(db)) return;
        await using (var reset = new NpgsqlCommand("""
            alter table caseledger.mt_doc_casefile alter column data set compression default;
            alter table caseledger.mt_doc_officer alter column data set compression default;
            """, db))
            await reset.ExecuteNonQueryAsync();

        // A long report holds the case files while the server starts: commands must not queue behind the change.
        await using var reader = await dataSource.OpenConnectionAsync();
        await using var report = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("select count(*) from caseledger.mt_doc_casefile", reader, report))
            await read.ExecuteScalarAsync();
        Assert.Equal(["mt_doc_officer.data"], await DocumentCompression.ApplyAsync(dataSource, "caseledger"));

        await report.CommitAsync();
        Assert.Equal(["mt_doc_casefile.data"], await DocumentCompression.ApplyAsync(dataSource, "caseledger"));
        Assert.All(await JsonColumnsAsync(db), c => Assert.Equal("l", c.Value));
    }

    private static async Task<Dictionary<(string Table, string Column), string>> JsonColumnsAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("""
            select c.relname, a.attname, a.attcompression::text
            from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'caseledger' and c.relkind = 'r' and c.relname like 'mt\_%' and a.attnum > 0 and not a.attisdropped
              and a.atttypid = 'jsonb'::regtype
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new Dictionary<(string, string), string>();
        while (await reader.ReadAsync()) columns[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        return columns;
    }

    /// <summary>A new store that a server has started on and stopped: its connection string.</summary>
    private static async Task<string> StartedStoreAsync()
    {
        var connection = await TestPostgres.NewDatabaseAsync(nameof(when_storing_documents_compressed));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddCaseLedger(new CaseLedgerSettings(connection, new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30))) { DeadlineSweepInterval = null });
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        return connection;
    }
}
