using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>
/// A signed checkpoint of the global log: the first <see cref="TreeSize"/> events in sequence order
/// (exactly those with a sequence up to <see cref="HighWaterSequence"/>) have the Merkle root <see cref="RootHash"/>.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The tree size, zero-padded so that ids sort by size.</summary>
    public string Id { get; set; } = "";
    public long TreeSize { get; set; }
    public long HighWaterSequence { get; set; }
    public string RootHash { get; set; } = "";
    public Instant Time { get; set; }
    public string KeyId { get; set; } = "";
    /// <summary>
    /// The checkpoint this one follows: its tree size (0 for the first, whose previous root is that of the empty tree),
    /// signed with this one, so that deleting or altering a checkpoint breaks the chain of those after it. Null on
    /// checkpoints signed before checkpoints named their predecessor (their statement has no such members).
    /// </summary>
    public long? PreviousTreeSize { get; set; }
    /// <summary>The root hash (hex) of the checkpoint of <see cref="PreviousTreeSize"/> events.</summary>
    public string? PreviousRootHash { get; set; }

    /// <summary>
    /// How many streams have an event up to <see cref="HighWaterSequence"/>, and the root (hex) of the tree of their heads
    /// (<see cref="StreamHeads"/>), signed with the log's root so that a case export proves how long its stream was. Null on
    /// checkpoints signed before they were kept (their statement has no such members).
    /// </summary>
    public long? StreamCount { get; set; }
    public string? StreamsRoot { get; set; }

    /// <summary>The root of the empty tree, SHA-256(""), which the first checkpoint names as its predecessor's.</summary>
    public static readonly string EmptyRoot = EventChain.Hex(System.Security.Cryptography.SHA256.HashData([]));

    /// <summary>Base64 DER ECDSA P-256 SHA-256 signature over <see cref="Statement"/>.</summary>
    public string Signature { get; set; } = "";

    /// <summary>
    /// The roots (hex) of the perfect subtrees this tree is made of, one per set bit of <see cref="TreeSize"/>, largest
    /// first (<see cref="Merkle.Append"/>): the next checkpoint continues from them instead of reading the whole log.
    /// Not signed and not exported, so only trusted when it folds to the signed <see cref="RootHash"/>; null on
    /// checkpoints made before it was kept.
    /// </summary>
    public List<string>? Frontier { get; set; }

    public const string LogName = "caseledger";

    /// <summary>Leaf data of the event at <paramref name="sequence"/>: 8-byte big-endian sequence ‖ its 32-byte chain hash.</summary>
    public static byte[] LeafData(long sequence, ReadOnlySpan<byte> chainHash)
    {
        var data = new byte[8 + chainHash.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(data, sequence);
        chainHash.CopyTo(data.AsSpan(8));
        return data;
    }

    /// <summary>The leaf hash of an event: SHA-256(0x00 ‖ sequence ‖ chain hash); an event without a chain hash counts 32 zero bytes.</summary>
    public static byte[] LeafHash(long sequence, string? chainHash) =>
        Merkle.LeafHash(LeafData(sequence, EventChain.ParseHex(chainHash) ?? EventChain.Genesis));

    public static string IdFor(long treeSize) => treeSize.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The signed bytes: JCS of {highWaterSequence, keyId, log, previousRootHash, previousTreeSize, rootHash, streamCount,
    /// streamsRoot, time, treeSize}; the previous and the stream members are absent (not null) on checkpoints signed before
    /// they were kept.
    /// </summary>
    public byte[] Statement() => StatementOf(TreeSize, HighWaterSequence, RootHash, Time, KeyId, PreviousTreeSize, PreviousRootHash, StreamCount, StreamsRoot);

    public static byte[] StatementOf(long treeSize, long highWaterSequence, string rootHash, Instant time, string keyId,
        long? previousTreeSize = null, string? previousRootHash = null, long? streamCount = null, string? streamsRoot = null)
    {
        var statement = new JsonObject
        {
            ["highWaterSequence"] = highWaterSequence,
            ["keyId"] = keyId,
            ["log"] = LogName,
            ["rootHash"] = rootHash,
            ["time"] = EventChain.FormatTimestamp(time),
            ["treeSize"] = treeSize,
        };
        if (previousTreeSize is { } size)
        {
            statement["previousTreeSize"] = size;
            statement["previousRootHash"] = previousRootHash;
        }
        if (streamCount is { } count)
        {
            statement["streamCount"] = count;
            statement["streamsRoot"] = streamsRoot;
        }
        return CanonicalJson.Canonicalize(statement.ToJsonString());
    }
}

/// <summary>That the event at <see cref="Sequence"/> is leaf <see cref="LeafIndex"/> of the signed tree of <see cref="TreeSize"/>.</summary>
public sealed record InclusionProof(long Sequence, long LeafIndex, long TreeSize, string ChainHash, string LeafHash, IReadOnlyList<string> AuditPath, string RootHash);

/// <summary>That the tree of <see cref="From"/> events is a prefix of the tree of <see cref="To"/>: nothing before was changed.</summary>
public sealed record ConsistencyProof(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Proof);
