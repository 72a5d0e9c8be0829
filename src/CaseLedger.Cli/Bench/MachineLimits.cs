namespace CaseLedger.Cli.Bench;

/// <summary>The machine's own limits on rows shaped like CaseLedger's events: binary COPY and one durable commit per row.</summary>
public sealed partial class Benchmark
{
    /// <summary>
    /// The machine's own limits, on rows shaped like CaseLedger's stored events: the same event JSON (<paramref name="payload"/>),
    /// a chain-hash header, the actor, and a unique (stream, version) index beside the sequence, as the event table has.
    /// </summary>
    private async Task RawLimitAsync(NpgsqlDataSource dataSource, string payload)
    {
        progress("raw limit: binary COPY and one durable commit per row");
        await using (var create = dataSource.CreateCommand($"""
            create schema if not exists {RawSchema};
            create table {RawSchema}.events (seq bigserial primary key, id uuid not null, stream text not null, version bigint not null, type text not null,
                data jsonb not null, headers jsonb, ts timestamptz not null, actor text, unique (stream, version))
            """))
            await create.ExecuteNonQueryAsync();
        var headers = JsonSerializer.Serialize(new Dictionary<string, string> { [EventChain.Header] = Media });

        // The median of three passes, like every one-shot figure compared with it: one pass on a shared machine is noise.
        var copies = new List<double>();
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var writer = await connection.BeginBinaryImportAsync($"copy {RawSchema}.events (id, stream, version, type, data, headers, ts, actor) from stdin (format binary)"))
            {
                for (var i = 0; i < sizes.CopyRows; i++)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync($"stream-{i % 1000}", NpgsqlDbType.Text);
                    await writer.WriteAsync((long)pass * sizes.CopyRows + i, NpgsqlDbType.Bigint);
                    await writer.WriteAsync("evidence_collected", NpgsqlDbType.Text);
                    await writer.WriteAsync(payload, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(headers, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(clock.GetCurrentInstant().ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync("bench", NpgsqlDbType.Text);
                }
                await writer.CompleteAsync();
            }
            copies.Add(sizes.CopyRows / started.Elapsed.TotalSeconds);
        }
        Add(new BenchFigure("raw limit", "Npgsql binary COPY", 1, sizes.CopyRows, Median(copies), null, null, Unit: "rows/s"));

        var version = 0L;
        foreach (var concurrency in Concurrencies)
        {
            var measured = await Measure.ConcurrentlyAsync(concurrency, Ops(concurrency), _cpu, async (worker, i) =>
            {
                await using var insert = dataSource.CreateCommand(
                    $"insert into {RawSchema}.events (id, stream, version, type, data, headers, ts, actor) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, now(), 'bench')");
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter { Value = $"w{worker}" });
                insert.Parameters.Add(new NpgsqlParameter { Value = Interlocked.Increment(ref version) });
                insert.Parameters.Add(new NpgsqlParameter { Value = "evidence_collected" });
                insert.Parameters.Add(new NpgsqlParameter { Value = payload });
                insert.Parameters.Add(new NpgsqlParameter { Value = headers });
                await insert.ExecuteNonQueryAsync();
            });
            Add("raw limit", "one durable commit per row", concurrency, measured);
        }
    }
}
