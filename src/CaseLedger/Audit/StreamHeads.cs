using System.Text.Json.Nodes;

namespace CaseLedger.Audit;

/// <summary>Where a stream stood at a checkpoint: the version and chain hash of its last event up to the checkpoint's mark.</summary>
public sealed record StreamHead(string Stream, long Version, string? ChainHash);

/// <summary>That <see cref="Head"/> is leaf <see cref="LeafIndex"/> of the signed tree of stream heads of <see cref="TreeSize"/>'s checkpoint.</summary>
public sealed record StreamHeadProof(long TreeSize, StreamHead Head, long LeafIndex, long StreamCount, IReadOnlyList<string> AuditPath, string StreamsRoot);

/// <summary>
/// The stream heads a checkpoint commits to (docs/integrity.md §2): a Merkle tree (RFC 9162 hashing) over every stream that has
/// a leaf up to the checkpoint's mark, in the ordinal order of the stream ids (UTF-16 code units, as RFC 8785 sorts names); each
/// leaf is the JCS of <c>{"chainHash","stream","version"}</c> of the stream's last event (highest sequence) up to the mark. With
/// the log's root it signs how long every stream was, so a case export whose last events were cut off no longer proves.
/// </summary>
public static class StreamHeads
{
    /// <summary>The leaf data: JCS of {chainHash, stream, version}; a head without a chain hash has <c>null</c> there.</summary>
    public static byte[] LeafData(StreamHead head) => CanonicalJson.Canonicalize(new JsonObject
    {
        ["chainHash"] = head.ChainHash,
        ["stream"] = head.Stream,
        ["version"] = head.Version,
    }.ToJsonString());

    public static byte[] LeafHash(StreamHead head) => Merkle.LeafHash(LeafData(head));

    /// <summary>The heads in the tree's order.</summary>
    public static List<StreamHead> Ordered(IEnumerable<StreamHead> heads) => [.. heads.OrderBy(h => h.Stream, StringComparer.Ordinal)];

    /// <summary>The tree over heads already in order (<see cref="Ordered"/>).</summary>
    public static MerkleTree Tree(IReadOnlyList<StreamHead> ordered) => new([.. ordered.Select(LeafHash)]);

    /// <summary>The heads of the streams among <paramref name="leaves"/> (events of the log in any order, no tombstones) up to <paramref name="highWater"/>.</summary>
    public static List<StreamHead> Of(IEnumerable<StoredEvent> leaves, long highWater)
    {
        var last = new Dictionary<string, StoredEvent>(StringComparer.Ordinal);
        foreach (var e in leaves)
            if (e.Sequence <= highWater && (!last.TryGetValue(e.Stream, out var held) || held.Sequence < e.Sequence))
                last[e.Stream] = e;
        return Ordered(last.Values.Select(e => new StreamHead(e.Stream, e.Version, e.ChainHash)));
    }

    /// <summary>The proof of <paramref name="stream"/>'s head among <paramref name="ordered"/>; null when the stream has no head there.</summary>
    public static StreamHeadProof? Prove(Checkpoint checkpoint, IReadOnlyList<StreamHead> ordered, string stream)
    {
        var index = BinarySearch(ordered, stream);
        if (index < 0) return null;
        var path = Tree(ordered).InclusionPath(index, ordered.Count);
        return new StreamHeadProof(checkpoint.TreeSize, ordered[index], index, ordered.Count, [.. path.Select(p => EventChain.Hex(p))],
            checkpoint.StreamsRoot ?? "");
    }

    private static int BinarySearch(IReadOnlyList<StreamHead> ordered, string stream)
    {
        int low = 0, high = ordered.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var compared = string.CompareOrdinal(ordered[middle].Stream, stream);
            if (compared == 0) return middle;
            if (compared < 0) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}
