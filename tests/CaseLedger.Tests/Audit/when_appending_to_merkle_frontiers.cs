using CaseLedger.Audit;

namespace CaseLedger.Tests.Audit;

/// <summary>The frontier of a tree (the roots of its perfect subtrees) gives the same root as all its leaves, however it is grown.</summary>
public class when_appending_to_merkle_frontiers
{
    private static List<byte[]> Leaves(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            var data = new byte[40];
            random.NextBytes(data);
            return Merkle.LeafHash(data);
        })];
    }

    [Fact]
    public void the_root_of_the_frontier_of_up_to_70_leaves_is_the_root_of_the_leaves()
    {
        for (var n = 0; n <= 70; n++)
        {
            var leaves = Leaves(n, seed: n);
            var frontier = Merkle.Frontier(leaves);
            Assert.True(Merkle.IsFrontierOf(n, frontier));
            Assert.Equal(EventChain.Hex(Merkle.Root(leaves)), EventChain.Hex(Merkle.RootOfFrontier(frontier)));
        }
    }

    [Fact]
    public void the_frontier_holds_the_roots_of_the_perfect_subtrees_largest_first()
    {
        var leaves = Leaves(13, seed: 13);
        Assert.Equal(
            [EventChain.Hex(Merkle.Root(leaves[..8])), EventChain.Hex(Merkle.Root(leaves[8..12])), EventChain.Hex(leaves[12])],
            Merkle.Frontier(leaves).Select(h => EventChain.Hex(h)));
    }

    [Fact]
    public void appending_in_chunks_gives_the_frontier_of_appending_at_once()
    {
        var random = new Random(9162);
        for (var round = 0; round < 200; round++)
        {
            var n = random.Next(0, 71);
            var leaves = Leaves(n, seed: 1000 + round);
            var whole = Merkle.Frontier(leaves).Select(h => EventChain.Hex(h)).ToList();

            IReadOnlyList<byte[]> frontier = [];
            var size = 0;
            while (size < n)
            {
                var chunk = random.Next(0, n - size + 1);
                frontier = Merkle.Append(size, frontier, leaves.Skip(size).Take(chunk));
                size += chunk;
                Assert.Equal(EventChain.Hex(Merkle.Root(leaves[..size])), EventChain.Hex(Merkle.RootOfFrontier(frontier)));
            }
            Assert.Equal(whole, frontier.Select(h => EventChain.Hex(h)));
        }
    }

    [Fact]
    public void a_list_of_the_wrong_shape_is_not_a_frontier()
    {
        var frontier = Merkle.Frontier(Leaves(6, seed: 6));
        Assert.True(Merkle.IsFrontierOf(6, frontier));
        Assert.False(Merkle.IsFrontierOf(7, frontier));
        Assert.False(Merkle.IsFrontierOf(4, frontier));
        Assert.False(Merkle.IsFrontierOf(6, [frontier[0], frontier[1][..31]]));
        Assert.Throws<ArgumentException>(() => Merkle.Append(7, frontier, []));
    }
}
