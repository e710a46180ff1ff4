using System.Security.Cryptography;
using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

public sealed class ConsistencyProofTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(1, 70).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();

    private static byte[] Root(IEnumerable<byte[]> leaves)
    {
        var tree = new MerkleFrontier();
        foreach (var leaf in leaves) tree.Add(leaf);
        return tree.Root();
    }

    private static List<byte[]> Prove(byte[][] leaves, long m, long n) =>
        ConsistencyProof.Ranges(m, n).Select(r => Root(leaves[(int)r.Start..(int)r.End])).ToList();

    [Fact]
    public void Every_smaller_tree_is_proven_inside_every_larger_one()
    {
        for (var n = 1; n <= Leaves.Length; n++)
        for (var m = 1; m <= n; m++)
        {
            var proof = Prove(Leaves, m, n);
            Assert.True(ConsistencyProof.Verify(m, n, Root(Leaves[..m]), Root(Leaves[..n]), proof), $"{m} -> {n}");
            Assert.InRange(proof.Count, 0, 2 * 7 + 1);
        }
    }

    [Theory]
    [InlineData(7, 7, 0)]
    [InlineData(4, 7, 1)] // RFC 6962 §2.1.3's examples: [l]
    [InlineData(3, 7, 4)] // [c, d, g, l]
    [InlineData(6, 7, 3)] // [i, j, k]
    [InlineData(6, 8, 3)]
    [InlineData(1, 70, 7)]
    public void A_proof_holds_about_log2_hashes(long m, long n, int hashes)
    {
        Assert.Equal(hashes, ConsistencyProof.Ranges(m, n).Count);
    }

    [Fact]
    public void A_history_changed_before_the_old_size_cannot_be_proven_consistent_with_it()
    {
        var rewritten = Leaves.ToArray();
        rewritten[5] = SHA256.HashData("a forged credit"u8);
        for (var (m, n) = (6L, 6L); n <= 40; n++)
            Assert.False(ConsistencyProof.Verify(m, n, Root(Leaves[..6]), Root(rewritten[..(int)n]), Prove(rewritten, m, n)), $"6 -> {n}");
    }

    [Fact]
    public void A_tampered_proof_root_or_size_fails()
    {
        var (m, n) = (11L, 29L);
        var (oldRoot, newRoot, proof) = (Root(Leaves[..11]), Root(Leaves[..29]), Prove(Leaves, 11, 29));
        Assert.True(ConsistencyProof.Verify(m, n, oldRoot, newRoot, proof));

        for (var i = 0; i < proof.Count; i++)
        {
            var flipped = proof.Select(p => p.ToArray()).ToList();
            flipped[i][0] ^= 1;
            Assert.False(ConsistencyProof.Verify(m, n, oldRoot, newRoot, flipped), $"hash {i} flipped");
        }
        Assert.False(ConsistencyProof.Verify(m, n, oldRoot, newRoot, proof[..^1]), "shortened");
        Assert.False(ConsistencyProof.Verify(m, n, oldRoot, newRoot, [.. proof, proof[0]]), "lengthened");
        Assert.False(ConsistencyProof.Verify(m, n, newRoot, newRoot, proof), "old root");
        Assert.False(ConsistencyProof.Verify(m, n, oldRoot, oldRoot, proof), "new root");
        Assert.False(ConsistencyProof.Verify(m - 1, n, oldRoot, newRoot, proof), "old size");
        // (A larger claimed new size can walk the same path: sizes are bound to their roots by the checkpoints' signatures.)
        Assert.False(ConsistencyProof.Verify(n, m, oldRoot, newRoot, proof), "sizes swapped");
        Assert.False(ConsistencyProof.Verify(m, n, oldRoot, newRoot, [.. proof.Take(1), new byte[31]]), "a short hash");
    }

    [Fact]
    public void Equal_sizes_need_an_empty_proof_and_the_same_root()
    {
        var root = Root(Leaves[..9]);
        Assert.True(ConsistencyProof.Verify(9, 9, root, root, []));
        Assert.False(ConsistencyProof.Verify(9, 9, root, Root(Leaves[..8]), []));
        Assert.False(ConsistencyProof.Verify(9, 9, root, root, [root]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistencyProof.Ranges(0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistencyProof.Ranges(10, 9));
    }
}
