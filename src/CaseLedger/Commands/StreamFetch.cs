using CaseLedger.Domain.Officers;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace CaseLedger.Commands;

/// <summary>How every decider fetches its stream for writing: at the caller's expected version when it gave one (If-Match).</summary>
public static class StreamFetch
{
    public static Task<IEventStream<T>> ForWriting<T>(this IBatchEvents events, RunCommand command) where T : class =>
        command.ExpectedVersion is { } expected
            ? events.FetchForWriting<T>(command.StreamId, expected)
            : events.FetchForWriting<T>(command.StreamId);

    public static Task<IEventStream<T>> ForWritingAsync<T>(this IEventStoreOperations events, RunCommand command, CancellationToken ct) where T : class =>
        command.ExpectedVersion is { } expected
            ? events.FetchForWriting<T>(command.StreamId, expected, ct)
            : events.FetchForWriting<T>(command.StreamId, ct);

    /// <summary>
    /// The officers a command names, loaded in the same batch (await it after the batch has run); blank ids are
    /// skipped and an unknown id is simply absent, for the decider to refuse.
    /// </summary>
    /// <remarks>In a region's session (<see cref="Register"/>) they are read from the register's database, beside the batch.</remarks>
    public static async Task<IReadOnlyDictionary<string, Officer>> NamedOfficers(this IBatchedQuery batch, IQuerySession session, IEnumerable<string> ids)
    {
        var distinct = ids.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToArray();
        if (distinct.Length == 0) return new Dictionary<string, Officer>();
        var officers = Register.IsElsewhere(session)
            ? await Register.LoadManyAsync<Officer>(session, distinct, CancellationToken.None)
            : await batch.LoadMany<Officer>().ById(distinct);
        return officers.ToDictionary(o => o.Id);
    }

    /// <summary>A document of the register (an agency, an officer) in the same batch, or from the register's database in a region's session.</summary>
    public static Task<T?> RegisterDocument<T>(this IBatchedQuery batch, IQuerySession session, string id) where T : class =>
        Register.IsElsewhere(session) ? Register.LoadAsync<T>(session, id, CancellationToken.None) : batch.Load<T>(id);

    /// <summary>The events appended to the fetched stream, checked against its version at commit.</summary>
    public static Func<IReadOnlyList<object>, IReadOnlyList<IEvent>> Appender<T>(this IEventStream<T> stream) where T : class =>
        events =>
        {
            stream.AppendMany(events);
            return stream.Events;
        };
}
