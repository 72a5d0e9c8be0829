namespace CaseLedger.Audit;

/// <summary>
/// The tree of stream heads (<see cref="StreamHeads"/>) up to a settled mark, kept in memory to prove one stream's head without
/// reading every head again: each stream's head and leaf hash, grown by the heads of the streams appended to since, and the tree
/// over them rebuilt from the kept leaf hashes (a hash a node, no encoding) when the mark moves.
/// </summary>
/// <remarks>Not safe for concurrent use: its owner (<see cref="CheckpointService"/>) serializes every use.</remarks>
public sealed class SignedHeadsTree
{
    private readonly Dictionary<string, (StreamHead Head, byte[] Leaf)> _heads = new(StringComparer.Ordinal);
    private List<StreamHead>? _ordered;
    private MerkleTree? _tree;

    public long HighWaterSequence { get; private set; } = long.MinValue;

    /// <summary>Replaces the heads of the streams appended to above <see cref="HighWaterSequence"/> and up to <paramref name="highWater"/>.</summary>
    public void Append(IEnumerable<StreamHead> heads, long highWater)
    {
        if (highWater < HighWaterSequence) throw new ArgumentOutOfRangeException(nameof(highWater), "The tree does not shrink.");
        foreach (var head in heads) _heads[head.Stream] = (head, StreamHeads.LeafHash(head));
        HighWaterSequence = highWater;
        (_ordered, _tree) = (null, null);
    }

    /// <summary>The root over the heads kept, and how many there are.</summary>
    public (int Count, byte[] Root) Root()
    {
        Build();
        return (_ordered!.Count, _tree!.Root());
    }

    /// <summary>The proof of <paramref name="stream"/>'s head as kept, in the checkpoint <paramref name="checkpoint"/>; null when it has none.</summary>
    public StreamHeadProof? Prove(Checkpoint checkpoint, string stream)
    {
        Build();
        var index = _ordered!.BinarySearch(new StreamHead(stream, 0, null), Comparer<StreamHead>.Create((a, b) => string.CompareOrdinal(a.Stream, b.Stream)));
        if (index < 0) return null;
        return new StreamHeadProof(checkpoint.TreeSize, _ordered[index], index, _ordered.Count,
            [.. _tree!.InclusionPath(index, _ordered.Count).Select(p => EventChain.Hex(p))], checkpoint.StreamsRoot ?? "");
    }

    private void Build()
    {
        if (_ordered is not null) return;
        _ordered = StreamHeads.Ordered(_heads.Values.Select(h => h.Head));
        _tree = new MerkleTree([.. _ordered.Select(h => _heads[h.Stream].Leaf)]);
    }
}
