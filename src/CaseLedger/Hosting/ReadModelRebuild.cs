using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Json;
using CaseLedger.Supervision;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using Marten;
using Marten.Events.Aggregation;
using Marten.Internal.Storage;
using Marten.Schema;
using Marten.Services;
using Marten.Storage;
using NodaTime;
using Npgsql;

namespace CaseLedger.Hosting;

/// <summary>
/// Projects the per-stream read models again from the stored events in one pass: every event is read once, in stream
/// then version order, and handed to the registered projections' own fold (the aggregator Marten itself uses inline),
/// so no projection logic lives here. The case file also writes what its projection writes beside it: the case's
/// <see cref="CaseSupervision"/> and a <see cref="CaseSnapshot"/> at each multiple of <see cref="CaseSnapshot.Interval"/>;
/// the file of a linked proceeding its <see cref="RemedySupervision"/>.
/// </summary>
/// <remarks>
/// One transaction: the stream table is locked against appends, the documents of the chosen read models are deleted
/// (readers see the old ones until the commit, never an empty table) and written again with Marten's COPY loaders. Reading,
/// decoding (on the thread pool), folding and writing overlap. A projection that reads other documents while it folds
/// (a linked proceeding's file names its contested case, <see cref="StateFileProjection{TFile, TState}"/>) folds last,
/// inside the transaction, so it reads the documents rebuilt in the same pass. Read models that write into one table
/// (the three proceeding files, <see cref="RemedySupervision"/>) are rebuilt together: the table is emptied for all of them.
/// Why one file of this size, on Marten's internal storage types: Marten's public rebuild cannot run the supervision
/// documents that the projections write from RaiseSideEffects. Moving those to projections of their own and this runner
/// onto Marten's rebuild API is issue #18 (item 4); until then the pass stays whole here, so it is read in one place.
/// </remarks>
public sealed class ReadModelRebuild
{
    private const int ChunkSize = 512;
    private const int WriteBatch = 1_000;

    private readonly DocumentStore _store;
    private readonly IMartenDatabase _database;
    private readonly IReadOnlyList<Fold> _folds;

    private ReadModelRebuild(DocumentStore store, IReadOnlyList<Fold> folds)
    {
        _store = store;
        _database = store.Storage.Database;
        _folds = folds;
    }

    /// <summary>The read models a rebuild can name: the per-stream projections, in registration order.</summary>
    public static IReadOnlyList<string> Names(DocumentStore store) => [.. FoldsOf(store).Select(f => f.Name)];

    /// <summary>Every document type a full rebuild writes: all of it is derived from the events.</summary>
    public static IReadOnlyList<Type> DocumentTypes(DocumentStore store) => [.. FoldsOf(store).SelectMany(f => f.DocumentTypes).Distinct()];

    /// <summary>The table of a document type.</summary>
    public static string TableOf(DocumentStore store, Type documentType) =>
        ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType).TableName.QualifiedName;

    /// <summary>
    /// Rebuilds the read models named in <paramref name="names"/> (all when null) from every stored event.
    /// <paramref name="progress"/> hears (events read, events in the store). Returns the number of events read.
    /// </summary>
    public static async Task<long> RunAsync(DocumentStore store, IReadOnlyCollection<string>? names, IProgress<(long Done, long Total)>? progress,
        CancellationToken ct = default)
    {
        var all = FoldsOf(store);
        var unknown = names?.Where(n => !all.Any(f => f.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList() ?? [];
        if (unknown.Count > 0)
            throw new ArgumentException($"No read model '{unknown[0]}'. Known: {string.Join(", ", all.Select(f => f.Name))}.", nameof(names));
        var named = names is null ? all : [.. all.Where(f => names.Any(n => f.Name.Equals(n, StringComparison.OrdinalIgnoreCase)))];
        var chosen = all.Where(f => named.Any(n => n.DocumentTypes.Intersect(f.DocumentTypes).Any())).ToList();
        return await new ReadModelRebuild(store, chosen).RunAsync(progress, ct);
    }

    /// <summary>
    /// The documents a rebuild would write for each of <paramref name="streams"/> (its events in version order), without
    /// writing: the same folds, with <paramref name="session"/> for a projection that reads other documents (those read
    /// are the stored ones). Snapshots (<see cref="CaseSnapshot"/>) are left out: they are the case file at earlier
    /// versions. A stream whose events a fold cannot take is passed to <paramref name="failed"/> and gives no documents.
    /// </summary>
    public static async Task<List<(string Stream, object Document)>> ProjectAsync(DocumentStore store,
        IEnumerable<(string Stream, IReadOnlyList<IEvent> Events)> streams, IQuerySession session, Action<string, Exception> failed,
        CancellationToken ct = default)
    {
        var folds = FoldsOf(store);
        var projected = new List<(string, object)>();
        foreach (var (stream, events) in streams)
        {
            var documents = new DocumentList();
            try
            {
                foreach (var fold in folds)
                {
                    var taken = events.Where(e => fold.Takes(e.EventType)).ToList();
                    if (taken.Count == 0) continue;
                    var snapshot = await fold.ApplyAsync(stream, null, taken, session, documents, ct);
                    fold.Complete(snapshot, taken[^1], documents);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(stream, ex);
                continue;
            }
            projected.AddRange(documents.Where(d => d is not CaseSnapshot).Select(d => (stream, d)));
        }
        return projected;
    }

    /// <summary>An event as the projections see it, from its data already read: what <see cref="EventDecoder"/> makes of a stored row.</summary>
    public static IEvent EventOf(object data, string stream, long version, long sequence, DateTimeOffset timestamp, string? actor, string? chainHash)
    {
        var e = EventDecoder.WrapOf(data);
        e.StreamKey = stream;
        e.Version = version;
        e.Sequence = sequence;
        e.EventTypeName = EventCatalog.StoredName(data.GetType());
        e.Timestamp = timestamp;
        e.UserName = actor;
        if (chainHash is not null) e.Headers = new() { [Audit.EventChain.Header] = chainHash };
        return e;
    }

    private static List<Fold> FoldsOf(DocumentStore store)
    {
        var folds = new List<Fold>();
        foreach (var source in store.Options.Projections.All)
        {
            if (source is CaseFileProjection caseFile) folds.Add(new CaseFileFold(caseFile));
            else if (StateFileTypesOf(source.GetType()) is { } stateFile)
                folds.Add((Fold)Activator.CreateInstance(typeof(StateFileFold<,>).MakeGenericType(stateFile), source)!);
            else if (DocumentTypeOf(source.GetType()) is { } document)
                folds.Add((Fold)Activator.CreateInstance(typeof(DocumentFold<>).MakeGenericType(document), source)!);
        }
        return folds;
    }

    private static Type? DocumentTypeOf(Type? projection)
    {
        for (; projection is not null; projection = projection.BaseType)
        {
            if (projection.IsGenericType && projection.GetGenericTypeDefinition() == typeof(SingleStreamProjection<,>)
                && projection.GetGenericArguments()[1] == typeof(string))
                return projection.GetGenericArguments()[0];
        }
        return null;
    }

    private static Type[]? StateFileTypesOf(Type? projection)
    {
        for (; projection is not null; projection = projection.BaseType)
        {
            if (projection.IsGenericType && projection.GetGenericTypeDefinition() == typeof(StateFileProjection<,>))
                return projection.GetGenericArguments();
        }
        return null;
    }

    private async Task<long> RunAsync(IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var documentTypes = _folds.SelectMany(f => f.DocumentTypes).Distinct().ToList();
        foreach (var type in documentTypes) await _database.EnsureStorageExistsAsync(type, ct);
        var eventsSchema = _store.Options.Events.DatabaseSchemaName;

        var eventsTable = $"{eventsSchema}.mt_events";
        var opening = OpenAsync(ct);
        await using var connection = _database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var reading = await opening;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Appends wait until the commit, so no event lands between the read below and the documents written from it.
        await ExecuteAsync(connection, $"lock table {eventsSchema}.mt_streams in share mode", ct);

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The old documents are deleted while the events are read; the writer's first COPY follows on the same connection.
        var counting = DeleteAndCountAsync(connection, documentTypes, eventsTable, failed.Token);
        var writer = new DocumentWriter(connection, _store.Tenancy.Default, _store.Options.Serializer(), counting, failed.Token);
        // A few chunks ahead: enough to keep both cores decoding while the fold works.
        var streams = Channel.CreateBounded<Task<Chunk>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var wanted = EventCatalog.All.Where(type => _folds.Any(f => f.Takes(type))).Select(EventCatalog.StoredName).ToHashSet();
        var read = Task.Run(() => ReadEventsAsync(reading, eventsTable, counting, wanted, streams.Writer, progress, failed.Token), failed.Token);
        try
        {
            return await FoldAsync(connection, transaction, writer, streams.Reader, read, progress, failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task<long> FoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentWriter writer, ChannelReader<Task<Chunk>> streams,
        Task<long> reading, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var eventsSchema = _store.Options.Events.DatabaseSchemaName;

        var deferred = new List<(Fold Fold, string Id, List<IEvent> Events)>();
        var routes = new Dictionary<Type, Fold[]>();
        var states = _folds.ToDictionary(f => f, _ => new FoldState());
        await using (var session = _store.QuerySession(SessionOptions.ForTransaction(transaction)))
        {
            await foreach (var decoding in streams.ReadAllAsync(ct))
            {
                var chunk = await decoding;
                foreach (var e in chunk.Events)
                {
                    if (!routes.TryGetValue(e.EventType, out var takers))
                        routes[e.EventType] = takers = [.. _folds.Where(f => f.Takes(e.EventType))];
                    foreach (var fold in takers) states[fold].Pending.Add(e);
                }
                foreach (var (fold, state) in states)
                {
                    if (state.Pending.Count > 0)
                    {
                        if (fold.ReadsDocuments)
                        {
                            if (state.Buffered is null) deferred.Add((fold, chunk.Stream, state.Buffered = []));
                            state.Buffered.AddRange(state.Pending);
                        }
                        else state.Snapshot = await fold.ApplyAsync(chunk.Stream, state.Snapshot, state.Pending, session, writer, ct);
                        state.Last = state.Pending[^1];
                        state.Pending.Clear();
                    }
                    if (chunk.EndsStream)
                    {
                        if (state.Last is not null && !fold.ReadsDocuments) fold.Complete(state.Snapshot, state.Last, writer);
                        state.Reset();
                    }
                }
            }
            var total = await reading;
            await writer.FlushAsync();
            await SetRevisionsAsync(connection, _folds.Where(f => !f.ReadsDocuments), eventsSchema, ct);

            // These folds read documents with the session, on the connection the writer uses: their documents are written after.
            writer.Hold = true;
            foreach (var (fold, id, events) in deferred)
            {
                var snapshot = await fold.ApplyAsync(id, null, events, session, writer, ct);
                fold.Complete(snapshot, events[^1], writer);
            }
            writer.Hold = false;
            await writer.FlushAsync();
            await SetRevisionsAsync(connection, _folds.Where(f => f.ReadsDocuments), eventsSchema, ct);
            await transaction.CommitAsync(ct);
            progress?.Report((total, total));
            return total;
        }
    }

    /// <summary>
    /// Reads every event once with plain SQL and passes them on in chunks that never span two streams. Each chunk is
    /// decoded (JSON to the event's type, by its stored name) on the thread pool while the next is read; the chunks reach
    /// the fold in the order they were read.
    /// </summary>
    private static async Task<long> ReadEventsAsync(NpgsqlConnection connection, string table, Task<long> counting, IReadOnlySet<string> wanted,
        ChannelWriter<Task<Chunk>> output, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        try
        {
            // In stream order along the (stream, version) index: rows come at once, where sorting the table first takes
            // longer than the whole fold.
            await using var reading = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, "set local enable_sort = off", ct);
            await using var command = new NpgsqlCommand($"""
                select stream_id, type, seq_id, version, id, data, timestamp, tenant_id, user_name, headers, correlation_id, causation_id, mt_dotnet_type
                from {table} where is_archived = false order by stream_id, version
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            var done = 0L;
            var rows = new List<StoredRow>(ChunkSize);
            while (await reader.ReadAsync(ct))
            {
                if (++done % 2_000 == 0) progress?.Report((done, Math.Max(done, counting.IsCompletedSuccessfully ? counting.Result : 0)));
                var (stream, type, sequence) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
                if (!EventDecoder.Knows(type))
                    throw new InvalidOperationException($"Event {sequence} of stream '{stream}' has the type '{type}', which CaseLedger does not know.");
                // Events no chosen read model takes are counted, not decoded.
                if (!wanted.Contains(type)) continue;
                var row = new StoredRow(
                    stream, type, sequence, reader.GetInt64(3), reader.GetGuid(4), reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12));
                if (rows.Count > 0 && (rows.Count == ChunkSize || rows[^1].Stream != row.Stream))
                {
                    await output.WriteAsync(EventDecoder.DecodeAsync(rows, endsStream: rows[^1].Stream != row.Stream), ct);
                    rows = new(ChunkSize);
                }
                rows.Add(row);
            }
            if (rows.Count > 0) await output.WriteAsync(EventDecoder.DecodeAsync(rows, endsStream: true), ct);
            output.Complete();
            return done;
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    /// <summary>
    /// COPY writes the first revision; a projected document carries its stream's version in <c>mt_version</c>
    /// (Marten reads it from mt_streams when it stores a single-stream projection's document), and so do rebuilt ones.
    /// </summary>
    private async Task SetRevisionsAsync(NpgsqlConnection connection, IEnumerable<Fold> folds, string eventsSchema, CancellationToken ct)
    {
        foreach (var type in folds.Select(f => f.DocumentType).Where(t => TableOf(t).Metadata.Revision.Enabled))
        {
            await ExecuteAsync(connection, $"""
                update {TableOf(type).TableName.QualifiedName} as d set mt_version = s.version
                from {eventsSchema}.mt_streams as s where s.id = d.id and d.mt_version <> s.version
                """, ct);
        }
    }

    private async Task<long> DeleteAndCountAsync(NpgsqlConnection connection, IEnumerable<Type> documentTypes, string eventsTable, CancellationToken ct)
    {
        // Deleted rather than truncated: readers go on seeing the old documents until the commit, and nothing waits on
        // autovacuum, which a TRUNCATE does (for deadlock_timeout) when it is working on the table.
        await using var command = new NpgsqlCommand($"""
            {string.Concat(documentTypes.Select(type => $"delete from {TableOf(type).TableName.QualifiedName};"))}
            select count(*) from {eventsTable} where is_archived = false
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var total = 0L;
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync(ct)) total = reader.GetInt64(0);
        }
        while (await reader.NextResultAsync(ct));
        return total;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = _database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    private IDocumentType TableOf(Type documentType) => ((IReadOnlyStoreOptions)_store.Options).FindOrResolveDocumentType(documentType);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Chunk(string Stream, IReadOnlyList<IEvent> Events, bool EndsStream);

    private sealed record StoredRow(
        string Stream, string Type, long Sequence, long Version, Guid Id, byte[] Data, DateTimeOffset Timestamp, string TenantId,
        string? UserName, byte[]? Headers, string? CorrelationId, string? CausationId, string? DotNetType);

    /// <summary>
    /// Turns stored rows into the <see cref="IEvent"/>s Marten hands a projection: the data as its .NET type by the stored
    /// name (<see cref="EventCatalog"/>), with version, sequence, timestamp, actor and headers (the chain hash among them).
    /// </summary>
    private static class EventDecoder
    {
        private static readonly Dictionary<string, (Type Type, Func<object, IEvent> Wrap)> Types = EventCatalog.All.ToDictionary(
            EventCatalog.StoredName,
            type => (type, typeof(EventDecoder).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).CreateDelegate<Func<object, IEvent>>()));

        public static bool Knows(string storedName) => Types.ContainsKey(storedName);

        public static IEvent WrapOf(object data) => Types[EventCatalog.StoredName(data.GetType())].Wrap(data);

        public static Task<Chunk> DecodeAsync(List<StoredRow> rows, bool endsStream) =>
            Task.Run(() => new Chunk(rows[0].Stream, rows.ConvertAll(Decode), endsStream));

        private static IEvent Decode(StoredRow row)
        {
            var known = Types[row.Type];
            var e = known.Wrap(JsonSerializer.Deserialize(Json(row.Data), known.Type, CaseLedgerJson.Stored)
                ?? throw new InvalidOperationException($"Event {row.Sequence} of stream '{row.Stream}' has no data."));
            e.StreamKey = row.Stream;
            e.Version = row.Version;
            e.Sequence = row.Sequence;
            e.Id = row.Id;
            e.EventTypeName = row.Type;
            e.DotNetTypeName = row.DotNetType ?? "";
            e.Timestamp = row.Timestamp;
            e.TenantId = row.TenantId;
            e.UserName = row.UserName;
            e.CorrelationId = row.CorrelationId;
            e.CausationId = row.CausationId;
            if (row.Headers is { } headers) e.Headers = HeadersOf(Json(headers));
            return e;
        }

        /// <summary>The headers as Marten reads them: strings as strings, numbers and booleans as such, anything else as JSON.</summary>
        private static Dictionary<string, object>? HeadersOf(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            var headers = new Dictionary<string, object>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                object? value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => reader.TryGetInt64(out var whole) ? whole : reader.GetDouble(),
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.Null => null,
                    _ => JsonElement.ParseValue(ref reader),
                };
                if (value is not null) headers[name] = value;
            }
            return headers;
        }

        private static IEvent Wrap<T>(object data) where T : notnull => new Event<T>((T)data);

        /// <summary>The JSON of a jsonb value: its binary form starts with a version byte.</summary>
        private static ReadOnlySpan<byte> Json(byte[] jsonb) => jsonb.Length > 0 && jsonb[0] == 1 ? jsonb.AsSpan(1) : jsonb;
    }

    /// <summary>Where a fold puts the documents it completes: the rebuild's writer, or a list for the audit.</summary>
    private interface IDocumentSink
    {
        void Add<T>(T document) where T : notnull;
    }

    private sealed class DocumentList : List<object>, IDocumentSink
    {
        public void Add<T>(T document) where T : notnull => base.Add(document);
    }

    private sealed class FoldState
    {
        public List<IEvent> Pending { get; } = new(ChunkSize);
        public object? Snapshot { get; set; }
        public IEvent? Last { get; set; }
        public List<IEvent>? Buffered { get; set; }

        public void Reset()
        {
            Snapshot = null;
            Last = null;
            Buffered = null;
        }
    }

    /// <summary>One read model: a registered single-stream projection, folded as Marten folds it.</summary>
    private abstract class Fold(string name, Type documentType, IEnumerable<Type> eventTypes, bool readsDocuments)
    {
        private readonly HashSet<Type> _eventTypes = [.. eventTypes];

        public string Name { get; } = name;
        public Type DocumentType { get; } = documentType;
        public virtual IReadOnlyList<Type> DocumentTypes => [DocumentType];

        /// <summary>Folds with the session (EvolveAsync), which may read other documents: it folds after the others are written.</summary>
        public bool ReadsDocuments { get; } = readsDocuments;

        public bool Takes(Type eventType) => _eventTypes.Contains(eventType);

        public abstract ValueTask<object?> ApplyAsync(string id, object? snapshot, IReadOnlyList<IEvent> events, IQuerySession session,
            IDocumentSink writer, CancellationToken ct);

        /// <summary>Writes the stream's documents once its last event is folded.</summary>
        public abstract void Complete(object? snapshot, IEvent last, IDocumentSink writer);
    }

    private class DocumentFold<TDoc>(SingleStreamProjection<TDoc, string> projection)
        : Fold(projection.Name, typeof(TDoc), projection.IncludedEventTypes, OverridesEvolveAsync(projection.GetType()))
        where TDoc : class
    {
        private static readonly NulloIdentitySetter<TDoc, string> Identity = new();
        private readonly IAggregator<TDoc, string, IQuerySession> _aggregator = projection;

        public override async ValueTask<object?> ApplyAsync(string id, object? snapshot, IReadOnlyList<IEvent> events, IQuerySession session,
            IDocumentSink writer, CancellationToken ct) =>
            await _aggregator.BuildAsync(events, session, (TDoc?)snapshot, id, Identity, ct);

        public override void Complete(object? snapshot, IEvent last, IDocumentSink writer)
        {
            if (snapshot is TDoc document) writer.Add(document);
        }

        private static bool OverridesEvolveAsync(Type projection) =>
            projection.GetMethod(nameof(SingleStreamProjection<TDoc, string>.EvolveAsync),
                [typeof(TDoc), typeof(string), typeof(IQuerySession), typeof(IEvent), typeof(CancellationToken)]) is { } method
            && method.DeclaringType != method.GetBaseDefinition().DeclaringType;
    }

    /// <summary>
    /// The case file, and what its projection writes beside it (<see cref="CaseFileProjection.RaiseSideEffects"/>): what
    /// supervisors see of the case at its last event, and a snapshot exactly at each multiple of the interval.
    /// </summary>
    private sealed class CaseFileFold(CaseFileProjection projection) : DocumentFold<CaseFile>(projection)
    {
        public override IReadOnlyList<Type> DocumentTypes => [typeof(CaseFile), typeof(CaseSupervision), typeof(CaseSnapshot)];

        public override async ValueTask<object?> ApplyAsync(string id, object? snapshot, IReadOnlyList<IEvent> events, IQuerySession session,
            IDocumentSink writer, CancellationToken ct)
        {
            var start = 0;
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Version % CaseSnapshot.Interval != 0 && i < events.Count - 1) continue;
                snapshot = await base.ApplyAsync(id, snapshot, Slice(events, start, i + 1), session, writer, ct);
                start = i + 1;
                if (snapshot is CaseFile { State: not null } file && file.Version % CaseSnapshot.Interval == 0)
                    writer.Add(CaseFileProjection.SnapshotOf(file, Instant.FromDateTimeOffset(events[i].Timestamp)));
            }
            return snapshot;
        }

        public override void Complete(object? snapshot, IEvent last, IDocumentSink writer)
        {
            base.Complete(snapshot, last, writer);
            if (snapshot is CaseFile { State: not null } file)
                writer.Add(projection.SupervisionOf(file, Instant.FromDateTimeOffset(last.Timestamp)));
        }

        private static IReadOnlyList<IEvent> Slice(IReadOnlyList<IEvent> events, int start, int end) =>
            start == 0 && end == events.Count ? events : [.. events.Skip(start).Take(end - start)];
    }

    /// <summary>
    /// The file of a linked proceeding, and what its projection writes beside it
    /// (<see cref="StateFileProjection{TFile, TState}.RaiseSideEffects"/>): what supervisors see of the proceeding at its last event.
    /// </summary>
    private sealed class StateFileFold<TFile, TState>(StateFileProjection<TFile, TState> projection) : DocumentFold<TFile>(projection)
        where TFile : StateFile<TState>, new()
        where TState : class
    {
        public override IReadOnlyList<Type> DocumentTypes => [typeof(TFile), typeof(RemedySupervision)];

        public override void Complete(object? snapshot, IEvent last, IDocumentSink writer)
        {
            base.Complete(snapshot, last, writer);
            if (snapshot is TFile { State: not null } file)
                writer.Add(projection.SupervisionOf(file, Instant.FromDateTimeOffset(last.Timestamp)));
        }
    }

    /// <summary>
    /// Writes documents with Marten's own COPY loader for their type (the rows Marten's bulk insert writes) on the
    /// rebuild's transaction, a batch at a time, beside the folding.
    /// </summary>
    private sealed class DocumentWriter(NpgsqlConnection connection, Tenant tenant, ISerializer serializer, Task before, CancellationToken ct) : IDocumentSink
    {
        private readonly Dictionary<Type, IBatch> _batches = [];
        private Task _writing = before;

        /// <summary>Keeps documents until <see cref="FlushAsync"/>, while someone else uses the connection.</summary>
        public bool Hold { get; set; }

        public void Add<T>(T document) where T : notnull
        {
            if (!_batches.TryGetValue(typeof(T), out var batch))
                _batches[typeof(T)] = batch = new Batch<T>(((MartenDocumentProvider<T>)tenant.Database.Providers.StorageFor<T>()).BulkLoader);
            ((Batch<T>)batch).Documents.Add(document);
            if (batch.Count >= batch.Limit && !Hold) Write(batch);
        }

        public async Task FlushAsync()
        {
            foreach (var batch in _batches.Values.Where(b => b.Count > 0)) Write(batch);
            await _writing;
        }

        private void Write(IBatch batch)
        {
            var write = batch.Take();
            var previous = _writing;
            _writing = Task.Run(async () =>
            {
                await previous;
                await write(tenant, serializer, connection, ct);
            }, ct);
        }

        private interface IBatch
        {
            int Count { get; }
            int Limit { get; }
            Func<Tenant, ISerializer, NpgsqlConnection, CancellationToken, Task> Take();
        }

        private sealed class Batch<T>(Marten.Schema.BulkLoading.IBulkLoader<T> loader) : IBatch where T : notnull
        {
            public List<T> Documents { get; private set; } = [];
            public int Count => Documents.Count;

            /// <summary>Small at first, so that the first COPY of each type (and its serializer) warms up while reading goes on.</summary>
            public int Limit { get; private set; } = 16;

            public Func<Tenant, ISerializer, NpgsqlConnection, CancellationToken, Task> Take()
            {
                var documents = Documents;
                Limit = Math.Min(WriteBatch, Limit * 4);
                Documents = new(Limit);
                return (tenant, serializer, connection, ct) => loader.LoadAsync(tenant, serializer, connection, documents, ct);
            }
        }
    }
}
