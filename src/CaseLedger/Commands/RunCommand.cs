using CaseLedger.Domain;
using NodaTime;

namespace CaseLedger.Commands;

/// <summary>
/// Runs one command on one stream. HTTP, the CLI and messaging all send this to the same Wolverine
/// handler, so idempotency, optimistic concurrency and the actor record are kept in one place.
/// </summary>
/// <param name="StreamId">The agency id, officer id or case id.</param>
/// <param name="Command">A command record of the domain.</param>
/// <param name="Actor">Who asks; recorded on every event appended.</param>
/// <param name="ExpectedVersion">The version the caller last saw (If-Match); stale → concurrency-conflict.</param>
/// <param name="IdempotencyKey">The same key again returns the first answer and appends nothing.</param>
/// <param name="CorrelationId">Ties the events to the request that caused them.</param>
public sealed record RunCommand(
    string StreamId,
    object Command,
    Actor Actor,
    long? ExpectedVersion = null,
    string? IdempotencyKey = null,
    string? CorrelationId = null);

/// <summary>An event as recorded: its place in the stream and the global log, and who caused it when.</summary>
public sealed record RecordedEvent(
    Guid Id,
    long Sequence,
    long Version,
    string Type,
    object Data,
    Instant Timestamp,
    string? Actor)
{
    public static RecordedEvent From(JasperFx.Events.IEvent e) =>
        new(e.Id, e.Sequence, e.Version, e.EventTypeName, e.Data, Instant.FromDateTimeOffset(e.Timestamp), e.UserName);
}

/// <summary>The answer to a command: the stream's version after it and what was appended, or why nothing was.</summary>
public sealed record CommandResult(
    string StreamId,
    long Version,
    IReadOnlyList<RecordedEvent> Events,
    Refusal? Refusal = null,
    string? IssuedToken = null,
    bool Replayed = false)
{
    public static CommandResult Refused(string streamId, Refusal refusal) => new(streamId, 0, [], refusal);
}
