namespace CaseLedger.Commands;

/// <summary>
/// The first answer to a command sent with an Idempotency-Key, saved in the same transaction as its
/// events. Keys are scoped per actor. Only accepted commands are kept: a refusal appended nothing and
/// may be retried once its cause is fixed. A secret issued by the first answer is not kept, nor repeated.
/// </summary>
public sealed class IdempotentAnswer
{
    public required string Id { get; init; }
    public required string RequestHash { get; init; }
    public required string StreamId { get; init; }
    /// <summary>The first and last stream version the first answer appended; a replay reads them back.</summary>
    public required long FromVersion { get; init; }
    public required long ToVersion { get; init; }

    public static string IdFor(string actorId, string key) => $"{actorId}\u001f{key}";
}
