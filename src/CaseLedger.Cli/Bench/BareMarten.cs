namespace CaseLedger.Cli.Bench;

/// <summary>Bare Marten: a plain store appending the same event, and Marten's own command pattern; the reference every command row is measured alongside.</summary>
public sealed partial class Benchmark
{
    /// <summary>
    /// Marten alone: the same event appended by a plain store with the same serializer and stream identity
    /// but none of CaseLedger's projections, rules or pipeline, in a schema of its own.
    /// </summary>
    private static async Task<DocumentStore> PlainStoreAsync(NpgsqlDataSource dataSource, string schema, Action<StoreOptions>? more = null)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.UseSystemTextJsonForSerialization(Weasel.Core.EnumStorage.AsString, Weasel.Core.Casing.CamelCase, o => CaseLedgerJson.Configure(o));
            options.Events.StreamIdentity = StreamIdentity.AsString;
            more?.Invoke(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>Bare Marten's appends at one concurrency, each worker on a stream of its own: measured alone, and again beside each figure compared with it.</summary>
    private static Func<int, int, Task> BareAppends(IDocumentStore bare, int concurrency, CollectEvidence evidence, LocalDate today)
    {
        var streams = Enumerable.Range(0, concurrency).Select(_ => $"bench-{Guid.NewGuid():N}").ToArray();
        return async (worker, i) =>
        {
            await using var session = bare.LightweightSession();
            session.Events.Append(streams[worker], Sample(streams[worker], evidence, today, i));
            await session.SaveChangesAsync();
        };
    }

    private async Task BareMartenAsync(Func<int, Func<int, int, Task>> bareAppends)
    {
        progress("bare Marten: one event appended per transaction");
        foreach (var concurrency in Concurrencies)
        {
            var measured = await Measure.ConcurrentlyAsync(concurrency, Ops(concurrency), _cpu, bareAppends(concurrency));
            Add("bare Marten", BareAppend, concurrency, measured, "one durable commit per row", Raw("one durable commit per row", concurrency));
        }
    }

    private const string BareAppend = "append, one event per transaction";

    /// <summary>How a figure compared with bare Marten names its reference: the append measured in slices alternating with it.</summary>
    private const string BareMartenAlongside = "bare Marten alongside";

    /// <summary>
    /// A figure whose target's reference is bare Marten, measured in slices alternating with bare Marten's append at the same
    /// concurrency (<see cref="Measure.AlternatelyAsync"/>): on a shared machine two figures taken minutes apart are not comparable.
    /// </summary>
    private async Task AgainstBareMartenAsync(string group, string name, int concurrency, int operationsPerWorker, Func<int, int, Task> operation,
        long? operations = null)
    {
        var (measured, reference) = await Measure.AlternatelyAsync(concurrency, operationsPerWorker, _cpu, operation, _bareAppends!(concurrency));
        Add(group, name, concurrency, measured, BareMartenAlongside, reference.PerSecond, operations, reference.PerSecond);
    }

    private Func<int, Func<int, int, Task>>? _bareAppends;

    /// <summary>
    /// Marten's own pattern for a command that checks state, with nothing of CaseLedger's: fetch the stream for writing, append
    /// one event, and let an inline projection keep a small snapshot document in the same transaction. Its ratio to the bare
    /// append is what a read and one inline document cost in Marten itself, before any rule, chain hash or board.
    /// </summary>
    private async Task MartenCommandPatternAsync(NpgsqlDataSource dataSource, CollectEvidence evidence, LocalDate today)
    {
        progress("bare Marten: fetch for writing, append, inline snapshot");
        using var marten = await PlainStoreAsync(dataSource, MartenCommandSchema,
            options => options.Projections.Add<EvidenceTallyProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline));
        foreach (var concurrency in Concurrencies)
        {
            var streams = Enumerable.Range(0, concurrency).Select(_ => $"bench-{Guid.NewGuid():N}").ToArray();
            await AgainstBareMartenAsync("bare Marten", MartenCommandPattern, concurrency, Ops(concurrency), async (worker, i) =>
            {
                await using var session = marten.LightweightSession();
                var stream = await session.Events.FetchForWriting<EvidenceTally>(streams[worker]);
                stream.AppendOne(Sample(streams[worker], evidence, today, i));
                await session.SaveChangesAsync();
            });
        }
    }

    public const string MartenCommandPattern = "fetch for writing, append, inline snapshot";
}
