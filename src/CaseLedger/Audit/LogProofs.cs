namespace CaseLedger.Audit;

/// <summary>Proofs in the tree of one checkpoint, made by <see cref="CheckpointService.ProveAsync"/>.</summary>
public sealed class LogProofs
{
    private readonly IProvingTree _tree;
    private readonly IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> _read;
    private readonly Checkpoint _checkpoint;
    private readonly MerkleTree _proving;

    internal LogProofs(IProvingTree tree, IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read, Checkpoint checkpoint)
    {
        _tree = tree;
        _read = read;
        _checkpoint = checkpoint;
        _proving = tree.Proving(read, Needed);
    }

    /// <summary>The groups of leaves the last pass wanted and did not have.</summary>
    internal HashSet<int> Needed { get; } = [];

    /// <summary>The leaf of the event at <paramref name="sequence"/>, with its index in the log; null if it is not a leaf of this checkpoint.</summary>
    public (int Index, string? ChainHash, byte[] Hash)? LeafOf(long sequence)
    {
        if (sequence > _checkpoint.HighWaterSequence || _tree.GroupOf(sequence) is not { } group || _tree.LeavesOf(group, _read) is not { } leaves)
            return null;
        for (var i = 0; i < leaves.Count; i++)
            if (leaves[i].Sequence == sequence)
                return (group * SignedLogTree.GroupSpan + i, leaves[i].ChainHash, leaves[i].Hash);
        return null;
    }

    /// <summary>How many events are stored up to the checkpoint's mark, counted in the group of its last one.</summary>
    internal long SizeAtMark()
    {
        if (_tree.GroupOf(_checkpoint.HighWaterSequence) is not { } group) return 0;
        var leaves = _tree.LeavesOf(group, _read) ?? [];
        return (long)group * SignedLogTree.GroupSpan + leaves.Count(l => l.Sequence <= _checkpoint.HighWaterSequence);
    }

    /// <summary>PATH(index, D[n]) of RFC 9162 §2.1.3.1 in the checkpoint's tree.</summary>
    public IReadOnlyList<byte[]> InclusionPath(int index) => _proving.InclusionPath(index, (int)_checkpoint.TreeSize);

    /// <summary>PROOF(m, D[n]) of RFC 9162 §2.1.4.1: the checkpoint of <paramref name="earlierSize"/> events is a prefix of this one.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long earlierSize) => _proving.ConsistencyProof((int)earlierSize, (int)_checkpoint.TreeSize);
}
