namespace CaseLedger.Audit;

/// <summary>A leaf of the global log: the event's sequence, its stored chain hash, and its leaf hash (<see cref="Checkpoint.LeafHash"/>).</summary>
public readonly record struct LogLeaf(long Sequence, string? ChainHash, byte[] Hash);

/// <summary>
/// The Merkle tree of the log up to a settled high-water mark, kept in memory without its leaves: the roots of its aligned
/// groups of <see cref="GroupSpan"/> leaves and of every aligned perfect subtree above them, the sequence each group starts
/// at, and the leaves of the last, unfinished group. That is about 2 bytes an event (20 MB for ten million), and it grows
/// by the leaves each new checkpoint reads, never by reading the log again. A proof needs the leaves of only a few groups
/// (the proved event's, and those where its tree and the older one end): <see cref="Proving"/> says which, and they are
/// read back from the store by their first sequence.
/// </summary>
/// <remarks>Not safe for concurrent use: its owner (<see cref="CheckpointService"/>) serializes every use.</remarks>
public sealed class SignedLogTree : IProvingTree
{
    public const int GroupSpan = 64;

    private readonly List<long> _groupFirst = [];
    private readonly List<List<byte[]>> _levels = [];
    private readonly List<LogLeaf> _tail = [];

    /// <summary>The settled mark the tree reaches: every event at or below it is a leaf, and no other.</summary>
    public long HighWaterSequence { get; private set; } = long.MinValue;

    public int Count { get; private set; }

    /// <summary>Appends the leaves above <see cref="HighWaterSequence"/> and up to <paramref name="highWater"/>, in sequence order.</summary>
    public void Append(IEnumerable<LogLeaf> leaves, long highWater)
    {
        if (highWater < HighWaterSequence) throw new ArgumentOutOfRangeException(nameof(highWater), "The tree does not shrink.");
        foreach (var leaf in leaves)
        {
            if (leaf.Sequence <= HighWaterSequence || leaf.Sequence > highWater || _tail.Count > 0 && leaf.Sequence <= _tail[^1].Sequence)
                throw new ArgumentException($"Leaf {leaf.Sequence} is not the next one above {HighWaterSequence} up to {highWater}.", nameof(leaves));
            if (_tail.Count == 0) _groupFirst.Add(leaf.Sequence);
            _tail.Add(leaf);
            Count++;
            if (_tail.Count == GroupSpan) KeepGroup();
        }
        HighWaterSequence = highWater;
    }

    /// <summary>The finished group's root goes to level 0, and each pair completed above it is merged, as a binary counter carries.</summary>
    private void KeepGroup()
    {
        var node = new MerkleTree([.. _tail.Select(l => l.Hash)]).Root();
        _tail.Clear();
        for (var level = 0; ; level++)
        {
            if (level == _levels.Count) _levels.Add([]);
            _levels[level].Add(node);
            if (_levels[level].Count % 2 == 1) return;
            node = Merkle.NodeHash(_levels[level][^2], node);
        }
    }

    /// <summary>The group whose leaves include <paramref name="sequence"/>, if the tree reaches it.</summary>
    public int? GroupOf(long sequence)
    {
        if (Count == 0 || sequence > HighWaterSequence || sequence < _groupFirst[0]) return null;
        var index = _groupFirst.BinarySearch(sequence);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The sequence of a group's first leaf: where to read it back from.</summary>
    public long FirstSequenceOf(int group) => _groupFirst[group];

    /// <summary>Whether the group's leaves are held here (the unfinished last group) rather than read back.</summary>
    public bool Holds(int group) => group == Count / GroupSpan && _tail.Count > 0;

    /// <summary>
    /// The tree with the leaves of <paramref name="read"/> (by group, as read back) and of the unfinished group. A leaf of
    /// another group reads as zeros and its group is added to <paramref name="needed"/>: a first pass of a proof names the
    /// groups it needs, a second, with them read, gives the proof.
    /// </summary>
    public MerkleTree Proving(IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read, ISet<int> needed) =>
        new(Count, GroupSpan, _levels, index =>
        {
            var group = index / GroupSpan;
            if (Holds(group)) return _tail[index % GroupSpan].Hash;
            if (read.TryGetValue(group, out var leaves) && index % GroupSpan < leaves.Count) return leaves[index % GroupSpan].Hash;
            needed.Add(group);
            return Unread;
        });

    /// <summary>
    /// The leaves of a group as the tree has them: the held ones, or those read back. Null when the group is neither; a group
    /// read back short (events removed since) gives what was read.
    /// </summary>
    public IReadOnlyList<LogLeaf>? LeavesOf(int group, IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read) =>
        Holds(group) ? _tail : read.GetValueOrDefault(group);

    private static readonly byte[] Unread = new byte[32];
}
