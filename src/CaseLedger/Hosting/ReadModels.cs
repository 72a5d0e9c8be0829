using System.Reflection;
using CaseLedger.Cases;
using CaseLedger.Supervision;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// The read models: every registered projection, all inline, rebuilt from the stored events by Marten's own daemon
/// (<c>RebuildProjectionAsync</c>), and folded without writing for the audit (<see cref="ProjectAsync"/>).
/// </summary>
/// <remarks>
/// A projection computed from another's files (<see cref="IDerivedProjection"/>) is rebuilt with it, after it, both ways: naming either rebuilds both. Appends
/// wait while a rebuild runs (the stream table is locked against them): the daemon rebuilds up to the last event it saw,
/// and an inline projection writing beside it could otherwise be overwritten by an older document.
/// </remarks>
public static class ReadModels
{
    /// <summary>
    /// How long the daemon may take on one projection's rebuild of <paramref name="events"/> events: 30 minutes and a
    /// millisecond per event, so that only a rebuild far slower than 1,000 events/s is given up. A fixed 30 minutes cut off the
    /// case files' rebuild of the 1,000,000-case scale run (18.4 million events on a loaded machine, about 10,000 events/s).
    /// </summary>
    private static TimeSpan ShardTimeout(long events) => TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(events);

    /// <summary>The read models a rebuild can name, in registration order, and last the agency figures' counters.</summary>
    public static IReadOnlyList<string> Names(DocumentStore store) => [.. ProjectionsOf(store).Select(p => p.Name), AgencyFigureCounts.Name];

    /// <summary>Every document type a full rebuild writes: all of it is derived from the events.</summary>
    public static IReadOnlyList<Type> DocumentTypes(DocumentStore store) =>
        [.. ProjectionsOf(store).Select(DocumentTypeOf).OfType<Type>().Distinct()];

    /// <summary>The table of a document type.</summary>
    public static string TableOf(DocumentStore store, Type documentType) =>
        ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType).TableName.QualifiedName;

    /// <summary>
    /// Rebuilds the read models named in <paramref name="names"/> (all when null) and those derived from them, from every
    /// stored event, one after another on Marten's projection daemon. <paramref name="progress"/> hears (events done, events
    /// in the store) as each read model completes. Returns the number of events in the store. <paramref name="tenant"/> names a
    /// region whose database is rebuilt (its own events, read models and counters); null, the deployment's own.
    /// </summary>
    public static async Task<long> RebuildAsync(DocumentStore store, IReadOnlyCollection<string>? names, IProgress<(long Done, long Total)>? progress,
        CancellationToken ct = default, string? tenant = null)
    {
        var all = ProjectionsOf(store);
        var unknown = names?.Where(n => !Names(store).Contains(n, StringComparer.OrdinalIgnoreCase)).ToList() ?? [];
        if (unknown.Count > 0)
            throw new ArgumentException($"No read model '{unknown[0]}'. Known: {string.Join(", ", Names(store))}.", nameof(names));
        var chosen = new HashSet<string>(names ?? Names(store), StringComparer.OrdinalIgnoreCase);
        // A derived projection is rebuilt with what it derives from, both ways: from files rebuilt from the events in this
        // same run, never from stored ones that may have been altered. Registration order puts sources first.
        foreach (var projection in all.AsEnumerable().Reverse())
            if (projection is IDerivedProjection derived && chosen.Contains(projection.Name)) chosen.UnionWith(derived.DerivedFrom);
        foreach (var projection in all)
            if (projection is IDerivedProjection derived && derived.DerivedFrom.Any(chosen.Contains)) chosen.Add(projection.Name);
        var order = all.Where(p => chosen.Contains(p.Name)).Select(p => p.Name).ToList();

        var database = tenant is null ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(tenant);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        var schema = store.Options.Events.DatabaseSchemaName;
        await AnalyzeEventsAsync(connection, schema, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Requests that find a table half-built while this runs are told so (RebuildGate), not refused on what they read.
        await RebuildGate.HoldAsync(connection, transaction, schema, ct);
        // Both tables: an append blocked on the streams alone would already hold a sequence number, a gap the daemon waits on.
        await using (var lockStreams = new NpgsqlCommand($"lock table {schema}.mt_streams, {schema}.mt_events in share mode", connection, transaction))
            await lockStreams.ExecuteNonQueryAsync(ct);
        await MarkHighWaterAsync(database, schema, ct);
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events where is_archived = false", connection, transaction);
        var total = (long)(await count.ExecuteScalarAsync(ct))!;

        using var daemon = await store.BuildProjectionDaemonAsync(tenant);
        var done = 0;
        // In stages, each rebuilt side by side: a projection that reads another stream's documents while it folds (a
        // linked proceeding's file reads its contested case's file) waits for the first; one derived from files, for them.
        foreach (var stage in order.GroupBy(name => StageOf(all, name)).OrderBy(g => g.Key))
        {
            await Task.WhenAll(stage.Select(async name =>
            {
                // Deleted, not truncated (see CaseLedgerServices): readers go on, and nothing waits on a reader.
                await using (var delete = database.CreateConnection())
                {
                    await delete.OpenAsync(ct);
                    await using var command = new NpgsqlCommand($"delete from {TableOf(store, DocumentTypeOf(all.First(p => p.Name == name))!)}", delete);
                    await command.ExecuteNonQueryAsync(ct);
                }
                await daemon.RebuildProjectionAsync(name, ShardTimeout(total), ct);
                progress?.Report((total * Interlocked.Increment(ref done) / order.Count, total));
            }));
        }
        // The counters are counted again from the documents just written: a forged or lost counter row is mended too. Every
        // rebuild does it, whatever it names: the counters' triggers count nothing while it holds the gate, neither the
        // daemon's writes nor any other writer's meanwhile (the deadline sweep's).
        await new AgencyFigureCounts(store).RecountAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        if (order.Count == 0) progress?.Report((total, total));
        return total;
    }

    /// <summary>
    /// Records the store's high-water mark (the sequence below which every event is committed or never will be) as the newest
    /// event's, while the caller holds the appends off: no append is then in flight, so no hole below it can still fill. The
    /// daemon starts its rebuild from the recorded mark; without it, it looks for holes by a window over every event since its
    /// last mark (all of them, on a store whose read models were never rebuilt), which at 18 million events outlasted the
    /// command timeout (the 1,000,000-case scale run).
    /// </summary>
    private static async Task MarkHighWaterAsync(Marten.Storage.IMartenDatabase database, string schema, CancellationToken ct)
    {
        // Its own connection, committed at once: the daemon reads the mark on connections of its own.
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var mark = new NpgsqlCommand(
            $"select {schema}.mt_mark_event_progression('{JasperFx.Events.Projections.ShardState.HighWaterMark}', coalesce(max(seq_id), 0)) from {schema}.mt_events",
            connection);
        await mark.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Fresh planner statistics of the event tables, before the daemon pages through them. After a bulk load or a restore
    /// PostgreSQL may still hold the tables for nearly empty (autovacuum has not sampled them yet); the daemon's page query
    /// (events past a sequence up to the high-water mark, of its projection's types, in order, limit a page) is then planned
    /// as a bitmap scan of every remaining event sorted on disk, for each page: a rebuild quadratic in the events (measured
    /// at 20,000 bulk-loaded cases: 3.6 s a page of 5,000, 220 MB sorted). Sampled, so seconds at most at any size.
    /// </summary>
    private static async Task AnalyzeEventsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var analyze = new NpgsqlCommand($"analyze {schema}.mt_events, {schema}.mt_streams", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The documents a rebuild would write for each of <paramref name="streams"/> (its events in version order), without
    /// writing, by the registered projections' own folds, with <paramref name="session"/> for a projection that reads other
    /// documents (those read are the stored ones). Snapshots are left out: they are the case file at earlier versions. A
    /// stream whose events a fold cannot take is passed to <paramref name="failed"/> and gives no documents.
    /// </summary>
    public static async Task<List<(string Stream, object Document)>> ProjectAsync(DocumentStore store,
        IEnumerable<(string Stream, IReadOnlyList<IEvent> Events)> streams, IQuerySession session, Action<string, Exception> failed,
        CancellationToken ct = default)
    {
        // Snapshots are left out: they are the case file at earlier versions.
        var folds = ProjectionsOf(store).Where(p => DocumentTypeOf(p) is { } type && type != typeof(CaseSnapshot)).ToList();
        var projected = new List<(string, object)>();
        foreach (var (stream, events) in streams)
        {
            var documents = new List<object>();
            try
            {
                foreach (var projection in folds)
                {
                    var types = projection is IDerivedProjection sourced ? sourced.SourceEventTypes : projection.IncludedEventTypes;
                    var taken = events.Where(e => types.Contains(e.EventType)).ToList();
                    if (taken.Count == 0) continue;
                    var fold = DerivedDocumentOf(projection.GetType()) is { } derived
                        ? DeriveMethod.MakeGenericMethod(derived)
                        : FoldMethod.MakeGenericMethod(DocumentTypeOf(projection)!);
                    documents.AddRange(await (Task<IReadOnlyList<object>>)fold.Invoke(null, [projection, stream, taken, session, ct])!);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(stream, ex is TargetInvocationException { InnerException: { } inner } ? inner : ex);
                continue;
            }
            projected.AddRange(documents.Select(d => (stream, d)));
        }
        return projected;
    }

    /// <summary>An event as the projections see it, from its data already read.</summary>
    public static IEvent EventOf(object data, string stream, long version, long sequence, DateTimeOffset timestamp, string? actor, string? chainHash)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.StreamKey = stream;
        e.Version = version;
        e.Sequence = sequence;
        e.EventTypeName = EventCatalog.StoredName(data.GetType());
        e.Timestamp = timestamp;
        e.UserName = actor;
        if (chainHash is not null) e.Headers = new() { [Audit.EventChain.Header] = chainHash };
        return e;
    }

    private static int StageOf(List<ProjectionBase> all, string name) => all.First(p => p.Name == name) switch
    {
        IDerivedProjection derived => derived.DerivedFrom.Max(from => StageOf(all, from)) + 1,
        IReadsOtherStreams => 1,
        _ => 0,
    };

    private static readonly MethodInfo FoldMethod = typeof(ReadModels).GetMethod(nameof(FoldAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo DeriveMethod = typeof(ReadModels).GetMethod(nameof(DeriveAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task<IReadOnlyList<object>> FoldAsync<TDoc>(SingleStreamProjection<TDoc, string> projection, string id, IReadOnlyList<IEvent> events,
        IQuerySession session, CancellationToken ct) where TDoc : class =>
        await ((IAggregator<TDoc, string, IQuerySession>)projection).BuildAsync(events, session, null, id, new NulloIdentitySetter<TDoc, string>(), ct) is { } document
            ? [document]
            : [];

    private static async Task<IReadOnlyList<object>> DeriveAsync<TDoc>(DerivedProjection<TDoc> projection, string id, IReadOnlyList<IEvent> events,
        IQuerySession session, CancellationToken ct) where TDoc : notnull =>
        [.. (await projection.DocumentsAsync(session, id, events, ct)).Cast<object>()];

    /// <summary>The registered projections, in registration order; one registered through Marten's wrapper (<see cref="DerivedProjection"/>) as itself.</summary>
    private static List<ProjectionBase> ProjectionsOf(DocumentStore store) =>
        [.. store.Options.Projections.All.OfType<ProjectionBase>().Select(p => p is ProjectionWrapper<IDocumentOperations, IQuerySession> { Inner: ProjectionBase inner } ? inner : p)];

    private static Type? DocumentTypeOf(ProjectionBase projection) =>
        DerivedDocumentOf(projection.GetType()) ?? SingleStreamDocumentOf(projection.GetType());

    private static Type? DerivedDocumentOf(Type? projection)
    {
        for (; projection is not null; projection = projection.BaseType)
        {
            if (projection.IsGenericType && projection.GetGenericTypeDefinition() == typeof(DerivedProjection<>)) return projection.GetGenericArguments()[0];
        }
        return null;
    }

    private static Type? SingleStreamDocumentOf(Type? projection)
    {
        for (; projection is not null; projection = projection.BaseType)
        {
            if (projection.IsGenericType && projection.GetGenericTypeDefinition() == typeof(SingleStreamProjection<,>)
                && projection.GetGenericArguments()[1] == typeof(string))
                return projection.GetGenericArguments()[0];
        }
        return null;
    }
}
