using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using CaseLedger.Supervision;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Subscriptions;

/// <summary>
/// One stored event as the feed serves it: of a penalty case, a linked proceeding (<see cref="Proceeding"/>), an agency's
/// published lists or the signed checkpoints. <c>AgencyId</c> is the agency its <c>source</c> names (the case's, the
/// proceeding's keeper, the lists'); <see cref="Audience"/> the agencies whose integrators see it. <c>Region</c> names the region
/// whose log holds it (none: the deployment's own).
/// </summary>
public sealed record FeedEvent(
    long Sequence,
    Guid Id,
    string CaseId,
    long Version,
    string AgencyId,
    string StoredType,
    Instant RecordedAt,
    JsonElement Data,
    string? ChainHash,
    string? Region = null)
{
    public string Type => FeedTypes.CloudType(StoredType);

    /// <summary>The agencies whose integrators see the event (<see cref="FeedAccess.Sees"/>); null: every one whose grant names its type (a checkpoint).</summary>
    public IReadOnlyList<string>? Audience { get; init; } = [AgencyId];

    /// <summary>The kind of linked proceeding (<see cref="ProceedingAudience.Kind"/>); null for a penalty case, the lists, a checkpoint.</summary>
    public string? Proceeding { get; init; }
}

/// <summary>A page of the feed: the events, the cursor to ask from next, and the safe mark it was read below.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, long Next, long HighWaterMark);

/// <summary>
/// The catch-up feed: the events of penalty cases, of the proceedings linked to them (reconsiderations, suits, petitions,
/// supervision matters, case-file review campaigns, disputes: <see cref="ProceedingAudience"/>), of the agencies' published
/// lists and the signed checkpoints, in global sequence order, at or below the safe high-water mark
/// (<see cref="FeedHighWater"/>), filtered by <see cref="FeedAccess"/>: one query per window of sequence numbers. Every reader of events for
/// integrators (HTTP feed, live stream, webhook dispatcher) reads through here. One reader per database: the deployment's
/// own, and each region's (<see cref="FeedDatabases"/>), whose sequence numbers are that region's log's own.
/// </summary>
public sealed class FeedReader(NpgsqlDataSource dataSource, IDocumentStore store, CaseLedgerSettings settings)
{
    /// <summary>CloudEvents extension attributes on every event (names are lowercase alphanumerics, as the spec asks).</summary>
    public static readonly CloudEventAttribute GlobalSequence = CloudEventAttribute.CreateExtension("globalsequence", CloudEventAttributeType.String);
    public static readonly CloudEventAttribute StreamVersion = CloudEventAttribute.CreateExtension("streamversion", CloudEventAttributeType.Integer);
    public static readonly CloudEventAttribute ChainHash = CloudEventAttribute.CreateExtension("chainhash", CloudEventAttributeType.String);

    /// <summary>The region whose log holds the event (absent for the deployment's own): its <c>globalsequence</c> is that log's.</summary>
    public static readonly CloudEventAttribute RegionAttribute = CloudEventAttribute.CreateExtension("region", CloudEventAttributeType.String);
    public static readonly IReadOnlyList<CloudEventAttribute> Extensions = [GlobalSequence, StreamVersion, ChainHash, RegionAttribute];

    /// <summary>The region whose database this reader reads; null for the deployment's own.</summary>
    public string? Region { get; init; }

    /// <summary>Structured-mode JSON.</summary>
    public static readonly JsonEventFormatter Formatter = new();

    private readonly ISerializer _serializer = store.Options.Serializer();

    private readonly string _sql = Sql(settings.Schema, store.Options.FindOrResolveDocumentType(typeof(CaseSupervision)).TableName.QualifiedName,
        store.Options.FindOrResolveDocumentType(typeof(ProceedingAudience)).TableName.QualifiedName);

    /// <summary>
    /// Up to <paramref name="limit"/> visible events after <paramref name="after"/> and at or below <paramref name="upTo"/>, a
    /// settled mark (<see cref="FeedHighWater"/>). Small pages are shared by the readers that ask for the same one.
    /// </summary>
    public async Task<FeedPage> ReadAsync(long after, int limit, FeedAccess access, long upTo, CancellationToken ct)
    {
        if (upTo <= after || access.IsEmpty) return new FeedPage([], Math.Max(after, upTo), upTo);
        if (limit > SharedPageLimit) return await ReadFromStoreAsync(after, limit, access, upTo, ct);

        var key = (after, upTo, limit, access.Key);
        var shared = _pages.GetOrAdd(key, _ => new Lazy<Task<FeedPage>>(() => ReadFromStoreAsync(after, limit, access, upTo, CancellationToken.None)));
        try
        {
            return await shared.Value.WaitAsync(ct);
        }
        catch when (shared.Value.IsFaulted)
        {
            // A failed read is not kept: the next reader tries the store again.
            _pages.TryRemove(KeyValuePair.Create(key, shared));
            throw;
        }
        finally
        {
            if (_pages.Count > PagesKept) ForgetOldestPages();
        }
    }

    /// <summary>
    /// Small pages read lately, by what they hold. Every event of a page is at or below a settled mark, so the same cursor,
    /// mark, size and access always give the same page: the live streams and webhook workers that follow the mark ask for it
    /// at each advance, and share one read of the store. Catch-up pages, larger, are read for their reader alone.
    /// </summary>
    private readonly ConcurrentDictionary<(long After, long UpTo, int Limit, string Access), Lazy<Task<FeedPage>>> _pages = new();

    /// <summary>The largest page shared: a live stream's and a webhook worker's.</summary>
    public const int SharedPageLimit = 100;

    private const int PagesKept = 64;

    private long _storeReads;

    /// <summary>How many queries the feed has sent to the store: a page shared by many readers counts once.</summary>
    public long StoreReads => Interlocked.Read(ref _storeReads);

    private void ForgetOldestPages()
    {
        foreach (var key in _pages.Keys.OrderBy(k => k.UpTo).Take(Math.Max(0, _pages.Count - PagesKept / 2)).ToList())
            _pages.TryRemove(key, out _);
    }

    /// <remarks>
    /// Read in windows of sequence numbers, each twice the one before, until the page is full or the mark is reached. One
    /// query over the whole range could be planned as "every event in the range, then sorted": statistics a little behind
    /// a growing log see few rows there, and then every page of a catch-up read the rest of the log.
    /// </remarks>
    private async Task<FeedPage> ReadFromStoreAsync(long after, int limit, FeedAccess access, long upTo, CancellationToken ct)
    {
        var events = new List<FeedEvent>();
        var agencies = (access.Agencies ?? new HashSet<string>()).ToArray();
        var types = (access.EventTypes ?? new HashSet<string>()).Select(FeedTypes.StoredName).OfType<string>().ToArray();
        var window = 2L * limit;
        for (var from = after; events.Count < limit && from < upTo; window *= 2)
        {
            var to = upTo - from <= window ? upTo : from + window;
            await ReadWindowAsync(from, to, limit - events.Count, access, agencies, types, events, ct);
            from = to;
        }
        var next = events.Count == limit ? events[^1].Sequence : upTo;
        return new FeedPage(events, next, upTo);
    }

    /// <summary>Adds up to <paramref name="limit"/> visible events in (<paramref name="after"/>, <paramref name="upTo"/>] to <paramref name="events"/>.</summary>
    private async Task ReadWindowAsync(long after, long upTo, int limit, FeedAccess access, string[] agencies, string[] types,
        List<FeedEvent> events, CancellationToken ct)
    {
        Interlocked.Increment(ref _storeReads);
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("allAgencies", access.Agencies is null);
        command.Parameters.AddWithValue("agencies", agencies);
        command.Parameters.AddWithValue("allTypes", access.EventTypes is null);
        command.Parameters.AddWithValue("types", types);
        command.Parameters.AddWithValue("namingAFile", NamingAFile);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var storedType = reader.GetString(4);
            var data = Data(storedType, reader, 7);
            var proceeding = reader.IsDBNull(9) ? null : reader.GetString(9);
            var agency = reader.GetString(8);
            events.Add(new FeedEvent(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetInt64(3),
                agency,
                storedType,
                reader.GetFieldValue<Instant>(5),
                data,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Region)
            {
                Proceeding = proceeding,
                Audience = proceeding is not null ? AudienceOf(storedType, data, Agencies(reader, 10), Agencies(reader, 11))
                    : reader.GetString(2) == Commands.StreamKeys.Checkpoints ? null
                    : [agency],
            });
        }
    }

    private static readonly string[] NamingAFile = [.. FeedTypes.NamingAFile];

    private static string[] Agencies(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(column)) ?? [];

    /// <summary>
    /// Who sees an event of a linked proceeding (<see cref="ProceedingAudience"/>): every agency of its audience, and each party
    /// the events naming no one file, or naming one of its own (the file's agency in the event's <c>agencyId</c>).
    /// </summary>
    public static IReadOnlyList<string> AudienceOf(string storedType, JsonElement data, IReadOnlyList<string> agencies, IReadOnlyList<string> parties)
    {
        if (parties.Count == 0) return agencies;
        if (!FeedTypes.NamingAFile.Contains(storedType)) return [.. agencies, .. parties];
        var file = data.TryGetProperty("agencyId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        return file is not null && parties.Contains(file) ? [.. agencies, file] : agencies;
    }

    /// <summary>
    /// The event's data in the API's JSON convention (kebab-case enums, as <c>/api/cases/{id}/events</c>
    /// shows it), not the stored form; a type this build does not know is passed on as stored.
    /// </summary>
    private JsonElement Data(string storedType, NpgsqlDataReader reader, int column)
    {
        if (EventCatalog.TypeOf(storedType) is { } type)
            return JsonSerializer.SerializeToElement(_serializer.FromJson(type, reader, column), type, CaseLedgerJson.Responses);
        using var stored = JsonDocument.Parse(reader.GetString(column));
        return stored.RootElement.Clone();
    }

    /// <summary>One event by its global sequence, if it is a case event <paramref name="access"/> sees.</summary>
    public async Task<FeedEvent?> ReadOneAsync(long sequence, FeedAccess access, CancellationToken ct) =>
        (await ReadAsync(sequence - 1, 1, access, sequence, ct)).Events.SingleOrDefault();

    public static CloudEvent ToCloudEvent(FeedEvent e)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, Extensions)
        {
            Id = e.Id.ToString(),
            Source = e.CaseId == Commands.StreamKeys.Checkpoints
                ? new Uri("/audit/checkpoints", UriKind.Relative)
                : e.Proceeding is { } kind
                    ? new Uri(ProceedingAudience.SourcePath(kind, e.AgencyId, e.CaseId), UriKind.Relative)
                : e.CaseId.StartsWith(Domain.Agencies.PublishedLists.StreamPrefix, StringComparison.Ordinal)
                    ? new Uri($"/agencies/{Uri.EscapeDataString(e.AgencyId)}/lists", UriKind.Relative)
                : new Uri($"/agencies/{Uri.EscapeDataString(e.AgencyId)}/cases/{Uri.EscapeDataString(e.CaseId)}", UriKind.Relative),
            Type = e.Type,
            Subject = e.CaseId,
            Time = e.RecordedAt.ToDateTimeOffset(),
            DataContentType = MediaTypeNames.Application.Json,
            Data = e.Data,
        };
        cloudEvent[GlobalSequence] = e.Sequence.ToString(CultureInfo.InvariantCulture);
        cloudEvent[StreamVersion] = checked((int)e.Version);
        if (e.ChainHash is not null) cloudEvent[ChainHash] = e.ChainHash;
        if (e.Region is not null) cloudEvent[RegionAttribute] = e.Region;
        return cloudEvent;
    }

    /// <summary>The event as a structured-mode CloudEvent (<c>application/cloudevents+json</c>).</summary>
    public static ReadOnlyMemory<byte> Encode(FeedEvent e, out ContentType contentType) =>
        Formatter.EncodeStructuredModeMessage(ToCloudEvent(e), out contentType);

    public static JsonElement ToJson(FeedEvent e) => Formatter.ConvertToJsonElement(ToCloudEvent(e));

    // Case events: a case stream has a supervision document naming its agency in a column of its own (LeadRegistered
    // opens every case), written inline in the transaction that appends the event. The column, not the case file's JSON:
    // the join then reads no document, only the agency. Linked proceedings' events (reconsiderations, suits, petitions,
    // supervision matters, review campaigns, disputes) the same way: each proceeding has its audience (ProceedingAudience),
    // written inline with its opening event, read from its JSON (what the audit compares); a campaign's parties see a file's score only when the
    // file is theirs (the event's agencyId). Both in the one scan of the window: an event is either a case's or a proceeding's,
    // and each costs one probe of each primary key more, not a second pass over the log.
    // And the signed checkpoints (CheckpointSigned), of the whole log and of no agency: whoever may see their type sees them,
    // so that integrators keep them as witnesses (docs/integrity.md §2).
    // And the agencies' published lists (lists:{agencyId}), public, to whoever reads that agency's events.
    // FeedAccess.Sees states the same rule on a FeedEvent's Audience; a test holds the two to each other.
    private static string Sql(string schema, string cases, string proceedings) => $"""
        (select e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.headers->>'chainHash', e.data,
            coalesce(c.agency_id, p.data->>'keeper'), p.data->>'kind', p.data->'agencies', p.data->'parties'
        from {schema}.mt_events e
        left join {cases} c on c.id = e.stream_id
        left join {proceedings} p on p.id = e.stream_id
        where e.seq_id > @after and e.seq_id <= @upTo
          and (c.id is not null or p.id is not null)
          and (@allAgencies or c.agency_id = any(@agencies) or p.data->'agencies' ?| @agencies
            or (p.data->'parties' ?| @agencies and (not e.type = any(@namingAFile) or e.data->>'agencyId' = any(@agencies))))
          and (@allTypes or e.type = any(@types))
        order by e.seq_id
        limit @limit)
        union all
        (select e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.headers->>'chainHash', e.data, '', null, null, null
        from {schema}.mt_events e
        where e.stream_id = '{Commands.StreamKeys.Checkpoints}' and e.seq_id > @after and e.seq_id <= @upTo
          and (@allTypes or e.type = any(@types))
        order by e.seq_id
        limit @limit)
        union all
        (select e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.headers->>'chainHash', e.data, substr(e.stream_id, {ListsAgencyStart}),
            null, null, null
        from {schema}.mt_events e
        where e.stream_id like '{Domain.Agencies.PublishedLists.StreamPrefix}%' and e.seq_id > @after and e.seq_id <= @upTo
          and (@allAgencies or substr(e.stream_id, {ListsAgencyStart}) = any(@agencies))
          and (@allTypes or e.type = any(@types))
        order by e.seq_id
        limit @limit)
        order by 1
        limit @limit
        """;

    private static readonly int ListsAgencyStart = Domain.Agencies.PublishedLists.StreamPrefix.Length + 1;
}
