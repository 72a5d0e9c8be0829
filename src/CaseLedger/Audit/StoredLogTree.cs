namespace CaseLedger.Audit;

/// <summary>A tree of the log that proofs are made on (<see cref="LogProofs"/>): kept in memory, or read from the stored nodes.</summary>
public interface IProvingTree
{
    /// <summary>The settled mark the tree reaches.</summary>
    long HighWaterSequence { get; }

    /// <summary>The group whose leaves include <paramref name="sequence"/>, if the tree reaches it (and knows it).</summary>
    int? GroupOf(long sequence);

    /// <summary>The sequence of a group's first leaf: where to read it back from.</summary>
    long FirstSequenceOf(int group);

    /// <summary>Whether the group's leaves are held here rather than read back.</summary>
    bool Holds(int group);

    /// <summary>The leaves of a group as the tree has them: held, or read back; null when neither.</summary>
    IReadOnlyList<LogLeaf>? LeavesOf(int group, IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read);

    /// <summary>The tree with the leaves read back; a leaf of a group not read adds the group to <paramref name="needed"/>.</summary>
    MerkleTree Proving(IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read, ISet<int> needed);
}

/// <summary>
/// The tree of one checkpoint read from the stored nodes (<see cref="LogTreeNodes"/>) instead of from every leaf: the groups of
/// the proved sequences and the nodes a proof asks for are read, a few dozen rows, however long the log. Untrusted: what is made
/// on it is used only once it leads to the checkpoint's signed root (<see cref="CheckpointService.ProveAsync"/>).
/// </summary>
/// <remarks>Not safe for concurrent use; one proof's.</remarks>
public sealed class StoredLogTree(Checkpoint checkpoint) : IProvingTree
{
    private const int Span = SignedLogTree.GroupSpan;
    private static readonly byte[] Unread = new byte[32];

    private readonly Dictionary<long, int> _groupOf = [];
    private readonly Dictionary<int, long> _first = [];
    private readonly Dictionary<(int Level, long Index), byte[]> _nodes = [];

    /// <summary>The nodes the last pass asked for and did not have.</summary>
    public HashSet<(int Level, long Index)> NeededNodes { get; } = [];

    public long HighWaterSequence => checkpoint.HighWaterSequence;

    private int Count => (int)checkpoint.TreeSize;

    /// <summary>Reads the groups of <paramref name="sequences"/> (those within the checkpoint).</summary>
    public async Task LoadGroupsAsync(LogTreeNodes stored, IReadOnlyCollection<long> sequences, CancellationToken ct)
    {
        var groups = (Count + Span - 1) / Span;
        foreach (var (sequence, (group, first)) in await stored.GroupsOfAsync([.. sequences.Where(s => s <= HighWaterSequence)], ct))
            if (group < groups)
                (_groupOf[sequence], _first[group]) = (group, first);
    }

    /// <summary>Reads the first sequences of <paramref name="groups"/> and the nodes asked for; false when one is not stored.</summary>
    public async Task<bool> LoadNeededAsync(LogTreeNodes stored, IReadOnlyCollection<int> groups, CancellationToken ct)
    {
        var unknown = groups.Where(g => !_first.ContainsKey(g)).ToList();
        foreach (var (group, first) in await stored.FirstSequencesAsync(unknown, ct)) _first[group] = first;
        foreach (var (key, hash) in await stored.NodesAsync([.. NeededNodes], ct)) _nodes[key] = hash;
        return unknown.All(_first.ContainsKey) && NeededNodes.All(_nodes.ContainsKey);
    }

    public int? GroupOf(long sequence) => sequence <= HighWaterSequence && _groupOf.TryGetValue(sequence, out var group) ? group : null;

    public long FirstSequenceOf(int group) => _first[group];

    public bool Holds(int group) => false;

    public IReadOnlyList<LogLeaf>? LeavesOf(int group, IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read) => read.GetValueOrDefault(group);

    public MerkleTree Proving(IReadOnlyDictionary<int, IReadOnlyList<LogLeaf>> read, ISet<int> needed) =>
        new(Count, Span, new StoredLevels(Count, LogTreeNodes.GroupHeight, _nodes, NeededNodes), index =>
        {
            var group = index / Span;
            // A group read back short (events removed since) reads as zeros where leaves are missing: the proof then fails.
            if (read.TryGetValue(group, out var leaves)) return index % Span < leaves.Count ? leaves[index % Span].Hash : Unread;
            needed.Add(group);
            return Unread;
        });
}

/// <summary>
/// Stored nodes as <see cref="MerkleTree"/> asks for them, level j holding the roots of the aligned subtrees of 2^(baseHeight + j)
/// leaves within a tree of <paramref name="count"/> leaves: a node not read yet is named in <paramref name="needed"/> and reads as
/// zeros, so a first pass of a proof names the nodes it needs and a second, with them read, makes it.
/// </summary>
internal sealed class StoredLevels(int count, int baseHeight, IReadOnlyDictionary<(int Level, long Index), byte[]> nodes, ISet<(int Level, long Index)> needed)
    : IReadOnlyList<IReadOnlyList<byte[]>>
{
    private static readonly byte[] Unread = new byte[32];

    // The levels that hold at least one node: a tree of n leaves has nodes of 2^h leaves for every 2^h ≤ n (h below 31).
    public int Count => Enumerable.Range(0, Math.Max(0, 31 - baseHeight)).TakeWhile(level => (count >> (baseHeight + level)) > 0).Count();

    public IReadOnlyList<byte[]> this[int level] => new Level(this, level);

    private int CountOf(int level) => count >> (baseHeight + level);

    private byte[] Node(int level, int index)
    {
        if (nodes.TryGetValue((level, index), out var hash)) return hash;
        needed.Add((level, index));
        return Unread;
    }

    public IEnumerator<IReadOnlyList<byte[]>> GetEnumerator() => Enumerable.Range(0, Count).Select(l => this[l]).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Level(StoredLevels levels, int level) : IReadOnlyList<byte[]>
    {
        public int Count => levels.CountOf(level);

        public byte[] this[int index] => levels.Node(level, index);

        public IEnumerator<byte[]> GetEnumerator() => Enumerable.Range(0, Count).Select(i => this[i]).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
