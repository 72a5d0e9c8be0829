using System.Numerics;
using System.Security.Cryptography;

namespace CaseLedger.Audit;

/// <summary>
/// RFC 9162 §2.1 Merkle trees over the global log: leaf hash SHA-256(0x00 ‖ leaf data), node hash
/// SHA-256(0x01 ‖ left ‖ right), the left subtree of n leaves holding the largest power of two below n;
/// audit paths (§2.1.3) and consistency proofs (§2.1.4) with the RFC's verification algorithms; and frontiers, the roots
/// of a tree's perfect subtrees, which give the root of a grown tree from only the leaves appended since.
/// </summary>
public static class Merkle
{
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var input = new byte[data.Length + 1];
        data.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var input = new byte[1 + left.Length + right.Length];
        input[0] = 1;
        left.CopyTo(input.AsSpan(1));
        right.CopyTo(input.AsSpan(1 + left.Length));
        return SHA256.HashData(input);
    }

    /// <summary>MTH over leaf hashes; the empty tree's hash is SHA-256 of nothing.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves) => new MerkleTree(leaves).Root();

    /// <summary>The frontier (compact range) of a tree of these leaves: see <see cref="Append"/>.</summary>
    public static IReadOnlyList<byte[]> Frontier(IEnumerable<byte[]> leaves) => Append(0, [], leaves);

    /// <summary>
    /// Appends leaves to the frontier of a tree of <paramref name="size"/> leaves: the roots of its perfect subtrees, one per
    /// set bit of the size, largest first. Like a binary counter, each leaf merges the equal-sized subtrees at the end.
    /// </summary>
    /// <param name="completed">When given, hears each perfect subtree the leaves complete: its height (log₂ of its leaves), its
    /// index among the aligned subtrees of that height, and its root.</param>
    public static IReadOnlyList<byte[]> Append(long size, IReadOnlyList<byte[]> frontier, IEnumerable<byte[]> leaves,
        Action<int, long, byte[]>? completed = null)
    {
        if (!IsFrontierOf(size, frontier)) throw new ArgumentException($"Not the frontier of a tree of {size} leaves.", nameof(frontier));
        var stack = new List<byte[]>(frontier);
        foreach (var leaf in leaves)
        {
            var node = leaf;
            var height = 0;
            for (var carry = size; (carry & 1) == 1; carry >>= 1)
            {
                node = NodeHash(stack[^1], node);
                stack.RemoveAt(stack.Count - 1);
                height++;
                completed?.Invoke(height, size >> height, node);
            }
            stack.Add(node);
            size++;
        }
        return stack;
    }

    /// <summary>
    /// MTH of the tree whose frontier is given: the subtree roots folded from the right, s₁ ⊕ (s₂ ⊕ (… ⊕ sₖ)),
    /// which is what <see cref="Root(IReadOnlyList{byte[]})"/> computes from all leaves.
    /// </summary>
    public static byte[] RootOfFrontier(IReadOnlyList<byte[]> frontier)
    {
        if (frontier.Count == 0) return SHA256.HashData([]);
        var root = frontier[^1];
        for (var i = frontier.Count - 2; i >= 0; i--) root = NodeHash(frontier[i], root);
        return root;
    }

    /// <summary>Whether the list has the shape of a frontier of <paramref name="size"/> leaves: one 32-byte hash per set bit of the size.</summary>
    public static bool IsFrontierOf(long size, IReadOnlyList<byte[]> frontier) =>
        size >= 0 && frontier.Count == BitOperations.PopCount((ulong)size) && frontier.All(h => h is { Length: 32 });

    /// <summary>The largest power of two smaller than n (n > 1).</summary>
    internal static int Split(int n) => 1 << (31 - BitOperations.LeadingZeroCount((uint)(n - 1)));

    /// <summary>PATH(m, D[n]) of RFC 9162 §2.1.3.1, from the leaf's sibling up. For many proofs over the same leaves, build one <see cref="MerkleTree"/>.</summary>
    public static IReadOnlyList<byte[]> InclusionPath(IReadOnlyList<byte[]> leaves, int index, int size) =>
        new MerkleTree(leaves).InclusionPath(index, size);

    /// <summary>PROOF(m, D[n]) of RFC 9162 §2.1.4.1. For many proofs over the same leaves, build one <see cref="MerkleTree"/>.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leaves, int m, int n) =>
        new MerkleTree(leaves).ConsistencyProof(m, n);

    /// <summary>RFC 9162 §2.1.3.2: every element of the path is used, and the path must end exactly at the root.</summary>
    public static string? VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return $"leaf index {index} is outside a tree of {size}";
        if (path.Any(p => p is not { Length: 32 })) return "an element of the audit path is not a SHA-256 hash";
        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0) return "the audit path is longer than the tree is deep";
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) return "the audit path is shorter than the tree is deep";
        return r.AsSpan().SequenceEqual(root) ? null : "the audit path does not lead to the signed root";
    }

    /// <summary>RFC 9162 §2.1.4.2: the proof must rebuild both roots and use up the tree exactly.</summary>
    public static string? VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 1 || first > second) return $"no consistency proof exists from a tree of {first} to a tree of {second}";
        if (proof.Any(p => p is not { Length: 32 })) return "an element of the consistency proof is not a SHA-256 hash";
        if (first == second)
            return proof.Count != 0 ? "a proof between equal trees must be empty"
                : firstRoot.SequenceEqual(secondRoot) ? null : "the two roots of equal trees differ";
        if (proof.Count == 0) return "the consistency proof is empty";

        var path = new List<byte[]>(proof);
        if ((first & (first - 1)) == 0) path.Insert(0, firstRoot.ToArray());
        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return "the consistency proof is longer than the tree is deep";
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) return "the consistency proof is shorter than the tree is deep";
        if (!fr.AsSpan().SequenceEqual(firstRoot)) return "the consistency proof does not rebuild the earlier root";
        return sr.AsSpan().SequenceEqual(secondRoot) ? null : "the consistency proof does not rebuild the later root";
    }
}

/// <summary>
/// A Merkle tree over leaf hashes that keeps the roots of its aligned perfect subtrees of <see cref="KeptSpan"/> leaves and more,
/// built once in about one hash per leaf. Any subtree's root then costs a few dozen hashes instead of a pass over its leaves,
/// so each proof costs O(log² n) however large the log: an export proves every event of a case, and every earlier checkpoint,
/// against one tree. The proofs are RFC 9162's recursions (§2.1.3.1, §2.1.4.1) over these roots.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>Subtrees below this many leaves are hashed when asked for: keeping them would cost memory for little time.</summary>
    public const int KeptSpan = 16;

    private readonly Func<int, byte[]> _leafAt;
    private readonly int _keptLevel;

    /// <summary>_levels[j][i]: the root of leaves [i·2^(_keptLevel + j), (i + 1)·2^(_keptLevel + j)).</summary>
    private readonly IReadOnlyList<IReadOnlyList<byte[]>> _levels;

    public MerkleTree(IReadOnlyList<byte[]> leaves)
    {
        _leafAt = i => leaves[i];
        Count = leaves.Count;
        _keptLevel = BitOperations.Log2(KeptSpan);
        var levels = new List<IReadOnlyList<byte[]>>();
        _levels = levels;
        var level = new byte[leaves.Count / KeptSpan][];
        // Nothing is kept yet: these roots are hashed from the leaves.
        for (var i = 0; i < level.Length; i++) level[i] = Root(i * KeptSpan, KeptSpan);
        while (level.Length > 0)
        {
            levels.Add(level);
            var next = new byte[level.Length / 2][];
            for (var i = 0; i < next.Length; i++) next[i] = Merkle.NodeHash(level[2 * i], level[2 * i + 1]);
            level = next;
        }
    }

    /// <summary>
    /// A tree of <paramref name="count"/> leaves whose aligned perfect subtrees of <paramref name="keptSpan"/> leaves and more
    /// are already known (<paramref name="levels"/>, every one that lies within the tree); <paramref name="leafAt"/> gives the
    /// leaves the proofs asked for still need (<see cref="SignedLogTree"/>).
    /// </summary>
    internal MerkleTree(int count, int keptSpan, IReadOnlyList<IReadOnlyList<byte[]>> levels, Func<int, byte[]> leafAt)
    {
        if (!BitOperations.IsPow2(keptSpan)) throw new ArgumentException("The kept span is a power of two.", nameof(keptSpan));
        Count = count;
        _keptLevel = BitOperations.Log2((uint)keptSpan);
        _levels = levels;
        _leafAt = leafAt;
    }

    public int Count { get; }

    /// <summary>MTH of all the leaves; the empty tree's hash is SHA-256 of nothing.</summary>
    public byte[] Root() => Count == 0 ? SHA256.HashData([]) : Root(0, Count);

    /// <summary>MTH of the first <paramref name="size"/> leaves: the tree as it stood at that size.</summary>
    public byte[] RootOfFirst(int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Count);
        return size == 0 ? SHA256.HashData([]) : Root(0, size);
    }

    /// <summary>
    /// MTH of leaves [start, start + count). Every subtree RFC 9162 splits off starts at a multiple of its left half's size,
    /// so its perfect parts are aligned and kept once they span the kept span.
    /// </summary>
    private byte[] Root(int start, int count)
    {
        if (count == 1) return _leafAt(start);
        if (BitOperations.IsPow2(count) && start % count == 0
            && BitOperations.Log2((uint)count) - _keptLevel is var level && level >= 0 && level < _levels.Count
            && start / count < _levels[level].Count)
            return _levels[level][start / count];
        var k = Merkle.Split(count);
        return Merkle.NodeHash(Root(start, k), Root(start + k, count - k));
    }

    /// <summary>PATH(m, D[n]) of RFC 9162 §2.1.3.1 in the tree of the first <paramref name="size"/> leaves, from the leaf's sibling up.</summary>
    public IReadOnlyList<byte[]> InclusionPath(int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        Path(index, 0, size, path);
        return path;
    }

    private void Path(int m, int start, int n, List<byte[]> path)
    {
        if (n <= 1) return;
        var k = Merkle.Split(n);
        if (m < k)
        {
            Path(m, start, k, path);
            path.Add(Root(start + k, n - k));
        }
        else
        {
            Path(m - k, start + k, n - k, path);
            path.Add(Root(start, k));
        }
    }

    /// <summary>PROOF(m, D[n]) of RFC 9162 §2.1.4.1: the tree of the first <paramref name="m"/> leaves is a prefix of that of the first <paramref name="n"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(int m, int n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, n);
        var proof = new List<byte[]>();
        SubProof(m, 0, n, true, proof);
        return proof;
    }

    private void SubProof(int m, int start, int n, bool complete, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete) proof.Add(Root(start, n));
            return;
        }
        var k = Merkle.Split(n);
        if (m <= k)
        {
            SubProof(m, start, k, complete, proof);
            proof.Add(Root(start + k, n - k));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, proof);
            proof.Add(Root(start, k));
        }
    }
}
