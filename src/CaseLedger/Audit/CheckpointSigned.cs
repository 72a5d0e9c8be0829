using NodaTime;

namespace CaseLedger.Audit;

/// <summary>
/// A checkpoint was signed: the checkpoint as the API shows it, recorded in the stream <see cref="Commands.StreamKeys.Checkpoints"/>
/// so that integrators receive it through the feed, the live stream and webhooks as the CloudEvent
/// <c>caseledger.audit.checkpoint_signed.v1</c> and keep it as a witness (docs/integrity.md §2).
/// </summary>
public sealed record CheckpointSigned(
    long TreeSize, long HighWaterSequence, string RootHash, Instant Time, string KeyId, string Signature,
    long? PreviousTreeSize, string? PreviousRootHash, long? StreamCount, string? StreamsRoot)
{
    public static CheckpointSigned Of(Checkpoint c) => new(c.TreeSize, c.HighWaterSequence, c.RootHash, c.Time, c.KeyId, c.Signature,
        c.PreviousTreeSize, c.PreviousRootHash, c.StreamCount, c.StreamsRoot);
}
