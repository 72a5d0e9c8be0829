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
/// A projection computed from another's files (<see cref="IDerivedProjection"/>) is rebuilt with it, after it. Appends
/// wait while a rebuild runs (the stream table is locked against them): the daemon rebuilds up to the last event it saw,
/// and an inline projection writing beside it could otherwise be overwritten by an older document.
/// </remarks>
public static class ReadModels
{
    /// <summary>How long the daemon may take on one projection's rebuild.</summary>
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The read models a rebuild can name, in registration order.</summary>
    public static IReadOnlyList<string> Names(DocumentStore store) => [.. ProjectionsOf(store).Select(p => p.Name)];

    /// <summary>Every document type a full rebuild writes: all of it is derived from the events.</summary>
    public static IReadOnlyList<Type> DocumentTypes(DocumentStore store) =>
        [.. ProjectionsOf(store).Select(DocumentTypeOf).OfType<Type>().Distinct()];

    /// <summary>The table of a document type.</summary>
    public static string TableOf(DocumentStore store, Type documentType) =>
        ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType).TableName.QualifiedName;

    /// <summary>
    /// Rebuilds the read models named in <paramref name="names"/> (all when null) and those derived from them, from every
    /// stored event, one after another on Marten's projection daemon. <paramref name="progress"/> hears (events done, events
    /// in the store) as each read model completes. Returns the number of events in the store.
    /// </summary>
    public static async Task<long> RebuildAsync(DocumentStore store, IReadOnlyCollection<string>? names, IProgress<(long Done, long Total)>? progress,
        CancellationToken ct = default)
    {
        var all = ProjectionsOf(store);
        var unknown = names?.Where(n => !all.Any(p => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList() ?? [];
        if (unknown.Count > 0)
            throw new ArgumentException($"No read model '{unknown[0]}'. Known: {string.Join(", ", all.Select(p => p.Name))}.", nameof(names));
        var chosen = new HashSet<string>(names ?? all.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        // Registration order puts a derived projection after what it derives from.
        foreach (var projection in all)
            if (projection is IDerivedProjection derived && derived.DerivedFrom.Any(chosen.Contains)) chosen.Add(projection.Name);
        var order = all.Where(p => chosen.Contains(p.Name)).Select(p => p.Name).ToList();

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using (var lockStreams = new NpgsqlCommand($"lock table {schema}.mt_streams in share mode", connection, transaction))
            await lockStreams.ExecuteNonQueryAsync(ct);
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events where is_archived = false", connection, transaction);
        var total = (long)(await count.ExecuteScalarAsync(ct))!;

        using var daemon = await store.BuildProjectionDaemonAsync();
        for (var i = 0; i < order.Count; i++)
        {
            await daemon.RebuildProjectionAsync(order[i], ShardTimeout, ct);
            progress?.Report((total * (i + 1) / order.Count, total));
        }
        await transaction.CommitAsync(ct);
        if (order.Count == 0) progress?.Report((total, total));
        return total;
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
        var folds = ProjectionsOf(store).Where(p => SingleStreamDocumentOf(p.GetType()) is not null).ToList();
        var projected = new List<(string, object)>();
        foreach (var (stream, events) in streams)
        {
            var documents = new List<object>();
            try
            {
                foreach (var projection in folds)
                {
                    var taken = events.Where(e => projection.IncludedEventTypes.Contains(e.EventType)).ToList();
                    if (taken.Count == 0) continue;
                    var fold = FoldMethod.MakeGenericMethod(SingleStreamDocumentOf(projection.GetType())!);
                    if (await (Task<object?>)fold.Invoke(null, [projection, stream, taken, session, ct])! is { } document) documents.Add(document);
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

    private static readonly MethodInfo FoldMethod = typeof(ReadModels).GetMethod(nameof(FoldAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task<object?> FoldAsync<TDoc>(SingleStreamProjection<TDoc, string> projection, string id, IReadOnlyList<IEvent> events,
        IQuerySession session, CancellationToken ct) where TDoc : class =>
        await ((IAggregator<TDoc, string, IQuerySession>)projection).BuildAsync(events, session, null, id, new NulloIdentitySetter<TDoc, string>(), ct);

    private static List<ProjectionBase> ProjectionsOf(DocumentStore store) => [.. store.Options.Projections.All.OfType<ProjectionBase>()];

    private static Type? DocumentTypeOf(ProjectionBase projection) =>
        projection is CaseSnapshotProjection ? typeof(CaseSnapshot) : SingleStreamDocumentOf(projection.GetType());

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
