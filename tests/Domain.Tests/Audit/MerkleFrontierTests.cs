using System.Security.Cryptography;
using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

public sealed class MerkleFrontierTests
{
    private static byte[] Leaf(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    // RFC 6962 section 2.1, written as the recursive definition: the reference the incremental tree must equal.
    private static byte[] ReferenceRoot(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0) return SHA256.HashData([]);
        if (leaves.Count == 1) return SHA256.HashData([0, .. leaves[0]]);
        var k = 1;
        while (k * 2 < leaves.Count) k *= 2;
        return SHA256.HashData([1, .. ReferenceRoot(leaves.Take(k).ToList()), .. ReferenceRoot(leaves.Skip(k).ToList())]);
    }

    [Fact]
    public void The_root_of_every_prefix_equals_the_recursive_definition()
    {
        var tree = new MerkleFrontier();
        var leaves = new List<byte[]>();
        Assert.Equal(ReferenceRoot(leaves), tree.Root());
        for (var i = 0; i < 70; i++)
        {
            leaves.Add(Leaf(i));
            tree.Add(leaves[^1]);
            Assert.Equal(ReferenceRoot(leaves), tree.Root());
            Assert.Equal(leaves.Count, tree.Count);
        }
    }

    [Fact]
    public void A_tree_resumed_from_its_frontier_grows_to_the_same_roots()
    {
        var whole = new MerkleFrontier();
        for (var i = 0; i < 37; i++) whole.Add(Leaf(i));
        var resumed = MerkleFrontier.Resume(whole.Count, whole.Subtrees);
        for (var i = 37; i < 60; i++)
        {
            whole.Add(Leaf(i));
            resumed.Add(Leaf(i));
            Assert.Equal(whole.Root(), resumed.Root());
        }
    }

    [Fact]
    public void A_frontier_with_the_wrong_number_of_subtrees_is_refused()
    {
        var tree = new MerkleFrontier();
        for (var i = 0; i < 6; i++) tree.Add(Leaf(i)); // 6 = 0b110: two complete subtrees
        Assert.Equal(2, tree.Subtrees.Count);
        Assert.Throws<FormatException>(() => MerkleFrontier.Resume(7, tree.Subtrees));
    }

    [Fact]
    public void Changing_or_swapping_one_leaf_changes_the_root()
    {
        var leaves = Enumerable.Range(0, 9).Select(Leaf).ToList();
        var root = ReferenceRoot(leaves);
        var changed = leaves.ToList();
        changed[4] = Leaf(100);
        var swapped = leaves.ToList();
        (swapped[2], swapped[3]) = (swapped[3], swapped[2]);
        Assert.NotEqual(root, ReferenceRoot(changed));
        Assert.NotEqual(root, ReferenceRoot(swapped));
    }
}
