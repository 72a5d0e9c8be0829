using System.Text;
using CaseLedger.Audit;

namespace CaseLedger.Tests.Audit;

/// <summary>
/// The tree kept for proofs holds no leaves but those of its unfinished group: every proof made on it, with only the groups
/// its first pass names read back, is the proof of the whole tree.
/// </summary>
public class when_proving_on_the_signed_log_tree
{
    private const int Span = SignedLogTree.GroupSpan;

    /// <summary>A log of <paramref name="n"/> events whose sequences have gaps, as rolled-back transactions leave them.</summary>
    private static List<LogLeaf> Log(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new LogLeaf(10 + i + i / 3, $"chain {i}", Merkle.LeafHash(Encoding.ASCII.GetBytes($"event {i}"))))];

    /// <summary>The tree grown checkpoint by checkpoint, each one's mark its last event.</summary>
    private static SignedLogTree Grown(List<LogLeaf> log, IEnumerable<int> checkpointSizes)
    {
        var tree = new SignedLogTree();
        var size = 0;
        foreach (var next in checkpointSizes)
        {
            tree.Append(log.Skip(size).Take(next - size), log[next - 1].Sequence);
            size = next;
        }
        return tree;
    }

    /// <summary>Both passes, as <see cref="CheckpointService.ProveAsync"/> makes them, with the groups read back from <paramref name="log"/>.</summary>
    private static (T Proof, int GroupsRead) Prove<T>(SignedLogTree tree, List<LogLeaf> log, Func<MerkleTree, T> prove)
    {
        var read = new Dictionary<int, IReadOnlyList<LogLeaf>>();
        var needed = new HashSet<int>();
        var proving = tree.Proving(read, needed);
        prove(proving);
        foreach (var group in needed) read[group] = log.Skip(group * Span).Take(Span).ToList();
        var groupsRead = needed.Count;
        needed.Clear();
        var proof = prove(proving);
        Assert.Empty(needed);
        return (proof, groupsRead);
    }

    [Fact]
    public void every_inclusion_and_consistency_proof_equals_the_whole_trees_and_reads_at_most_three_groups()
    {
        var log = Log(5 * Span + 7);
        var checkpoints = new[] { 1, 50, 64, 65, 100, 128, 200, 256, 300, 5 * Span + 7 };
        var tree = Grown(log, checkpoints);
        var whole = new MerkleTree([.. log.Select(l => l.Hash)]);
        Assert.Equal(log.Count, tree.Count);

        foreach (var n in checkpoints)
        {
            Assert.Equal(whole.RootOfFirst(n), Prove(tree, log, t => t.RootOfFirst(n)).Proof);
            foreach (var index in new[] { 0, 1, n / 3, n / 2, n - 2, n - 1 }.Where(i => i >= 0 && i < n).Distinct())
            {
                var (path, groups) = Prove(tree, log, t => t.InclusionPath(index, n));
                Assert.Equal(whole.InclusionPath(index, n), path);
                Assert.InRange(groups, 0, 2);
            }
            foreach (var m in checkpoints.Where(m => m <= n))
            {
                var (proof, groups) = Prove(tree, log, t => t.ConsistencyProof(m, n));
                Assert.Equal(whole.ConsistencyProof(m, n), proof);
                Assert.InRange(groups, 0, 3);
            }
        }
    }

    [Fact]
    public void a_tree_grown_one_checkpoint_at_a_time_is_the_tree_grown_at_once()
    {
        var log = Log(9 * Span + 3);
        var atOnce = Grown(log, [log.Count]);
        var stepByStep = Grown(log, Enumerable.Range(1, log.Count / 37).Select(i => i * 37).Append(log.Count));
        foreach (var n in new[] { 1, Span - 1, Span, 2 * Span + 1, 8 * Span, log.Count })
            Assert.Equal(Prove(atOnce, log, t => t.RootOfFirst(n)).Proof, Prove(stepByStep, log, t => t.RootOfFirst(n)).Proof);
    }

    [Fact]
    public void an_events_group_is_found_by_its_sequence_through_the_gaps()
    {
        var log = Log(3 * Span + 5);
        var tree = Grown(log, [log.Count]);
        for (var i = 0; i < log.Count; i++)
        {
            Assert.Equal(i / Span, tree.GroupOf(log[i].Sequence));
            Assert.Equal(log[i / Span * Span].Sequence, tree.FirstSequenceOf(i / Span));
        }
        Assert.Null(tree.GroupOf(log[0].Sequence - 1));
        Assert.Null(tree.GroupOf(tree.HighWaterSequence + 1));
        Assert.True(tree.Holds(3));
        Assert.False(tree.Holds(2));
    }

    [Fact]
    public void leaves_that_are_not_the_next_above_its_mark_are_refused()
    {
        var log = Log(10);
        var tree = Grown(log, [5]);
        Assert.Throws<ArgumentException>(() => tree.Append([log[3]], log[9].Sequence));
        Assert.Throws<ArgumentException>(() => tree.Append([log[7], log[6]], log[9].Sequence));
        Assert.Throws<ArgumentException>(() => tree.Append([log[9]], log[8].Sequence));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Append([], log[0].Sequence));
    }
}
