using System.Text;
using CaseLedger.Audit;

namespace CaseLedger.Tests.Audit;

/// <summary>RFC 9162 trees: the Certificate Transparency test vectors, and every proof of small trees verifying exactly.</summary>
public class when_proving_with_merkle_trees
{
    private static readonly byte[][] CtLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void roots_match_the_certificate_transparency_vectors(int size, string root) =>
        Assert.Equal(root, EventChain.Hex(Merkle.Root([.. CtLeaves.Take(size).Select(l => Merkle.LeafHash(l))])));

    [Fact]
    public void the_empty_tree_is_the_hash_of_nothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", EventChain.Hex(Merkle.Root([])));

    private static List<byte[]> Leaves(int n) => [.. Enumerable.Range(0, n).Select(i => Merkle.LeafHash(Encoding.ASCII.GetBytes($"event {i}")))];

    [Fact]
    public void every_inclusion_proof_of_trees_up_to_33_verifies_and_any_altered_element_fails()
    {
        for (var n = 1; n <= 33; n++)
        {
            var leaves = Leaves(n);
            var root = Merkle.Root(leaves);
            for (var m = 0; m < n; m++)
            {
                var path = Merkle.InclusionPath(leaves, m, n);
                Assert.Null(Merkle.VerifyInclusion(m, n, leaves[m], path, root));
                for (var i = 0; i < path.Count; i++)
                {
                    var altered = path.Select(p => p.ToArray()).ToList();
                    altered[i][0] ^= 1;
                    Assert.NotNull(Merkle.VerifyInclusion(m, n, leaves[m], altered, root));
                }
                Assert.NotNull(Merkle.VerifyInclusion(m, n, leaves[m], [.. path, root], root));
                if (path.Count > 0) Assert.NotNull(Merkle.VerifyInclusion(m, n, leaves[m], path.Take(path.Count - 1).ToList(), root));
                if (n > 1) Assert.NotNull(Merkle.VerifyInclusion((m + 1) % n, n, leaves[m], path, root));
            }
            Assert.NotNull(Merkle.VerifyInclusion(n, n, leaves[0], [], root));
        }
    }

    [Fact]
    public void every_consistency_proof_of_trees_up_to_33_verifies_and_any_altered_element_fails()
    {
        var all = Leaves(33);
        for (var n = 1; n <= 33; n++)
        {
            var second = Merkle.Root(all.Take(n).ToList());
            for (var m = 1; m <= n; m++)
            {
                var first = Merkle.Root(all.Take(m).ToList());
                var proof = Merkle.ConsistencyProof(all, m, n);
                Assert.Null(Merkle.VerifyConsistency(m, n, first, second, proof));
                for (var i = 0; i < proof.Count; i++)
                {
                    var altered = proof.Select(p => p.ToArray()).ToList();
                    altered[i][31] ^= 0x80;
                    Assert.NotNull(Merkle.VerifyConsistency(m, n, first, second, altered));
                }
                Assert.NotNull(Merkle.VerifyConsistency(m, n, first, second, [.. proof, second]));
                if (m < n)
                {
                    Assert.NotNull(Merkle.VerifyConsistency(m, n, second, second, proof));
                    Assert.NotNull(Merkle.VerifyConsistency(m, n, first, first, proof));
                }
            }
        }
    }

    /// <summary>MTH as RFC 9162 §2.1.1 defines it, leaf by leaf, with nothing kept: what the kept subtrees must agree with.</summary>
    private static byte[] Defined(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return leaves[start];
        var k = 1;
        while (k * 2 < count) k *= 2;
        return Merkle.NodeHash(Defined(leaves, start, k), Defined(leaves, start + k, count - k));
    }

    [Fact]
    public void a_tree_that_keeps_its_large_subtrees_has_the_defined_root_at_every_size()
    {
        var all = Leaves(1100);
        var tree = new MerkleTree(all);
        foreach (var size in Enumerable.Range(1, 300).Concat([511, 512, 513, 1023, 1024, 1025, 1099, 1100]))
            Assert.Equal(EventChain.Hex(Defined(all, 0, size)), EventChain.Hex(tree.RootOfFirst(size)));
        Assert.Equal(EventChain.Hex(Defined(all, 0, all.Count)), EventChain.Hex(tree.Root()));
        Assert.Equal(EventChain.Hex(Merkle.Root([])), EventChain.Hex(new MerkleTree([]).Root()));
    }

    [Fact]
    public void every_proof_of_one_large_tree_verifies_against_the_defined_roots()
    {
        var all = Leaves(300);
        var tree = new MerkleTree(all);
        foreach (var n in new[] { 100, 256, 300 })
        {
            var root = Defined(all, 0, n);
            for (var m = 0; m < n; m++)
                Assert.Null(Merkle.VerifyInclusion(m, n, all[m], tree.InclusionPath(m, n), root));
            for (var m = 1; m <= n; m++)
                Assert.Null(Merkle.VerifyConsistency(m, n, Defined(all, 0, m), root, tree.ConsistencyProof(m, n)));
        }
    }
}
