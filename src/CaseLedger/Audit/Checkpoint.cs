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

    /// <summary>The signed bytes: JCS of {highWaterSequence, keyId, log, rootHash, time, treeSize}.</summary>
    public byte[] Statement() => StatementOf(TreeSize, HighWaterSequence, RootHash, Time, KeyId);

    public static byte[] StatementOf(long treeSize, long highWaterSequence, string rootHash, Instant time, string keyId) =>
        CanonicalJson.Canonicalize(new JsonObject
        {
            ["highWaterSequence"] = highWaterSequence,
            ["keyId"] = keyId,
            ["log"] = LogName,
            ["rootHash"] = rootHash,
            ["time"] = EventChain.FormatTimestamp(time),
            ["treeSize"] = treeSize,
        }.ToJsonString());
}

/// <summary>That the event at <see cref="Sequence"/> is leaf <see cref="LeafIndex"/> of the signed tree of <see cref="TreeSize"/>.</summary>
public sealed record InclusionProof(long Sequence, long LeafIndex, long TreeSize, string ChainHash, string LeafHash, IReadOnlyList<string> AuditPath, string RootHash);

/// <summary>That the tree of <see cref="From"/> events is a prefix of the tree of <see cref="To"/>: nothing before was changed.</summary>
public sealed record ConsistencyProof(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Proof);
