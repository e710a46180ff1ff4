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

    [Fact]
    public void A_run_of_leaves_added_as_aligned_subtree_roots_gives_the_same_tree_for_every_start_and_length()
    {
        var leaves = Enumerable.Range(0, 80).Select(Leaf).ToList();
        for (var start = 0; start < 40; start++)
        for (var count = 1; start + count <= 80; count += 3)
        {
            var leafByLeaf = new MerkleFrontier();
            var bySubtrees = new MerkleFrontier();
            foreach (var leaf in leaves.Take(start)) { leafByLeaf.Add(leaf); bySubtrees.Add(leaf); }
            foreach (var leaf in leaves.Skip(start).Take(count)) leafByLeaf.Add(leaf);

            var next = start;
            var heights = MerkleFrontier.AlignedBlocks(start, count);
            foreach (var height in heights)
            {
                var block = new MerkleFrontier();
                foreach (var leaf in leaves.Skip(next).Take(1 << height)) block.Add(leaf);
                bySubtrees.AddSubtree(height, block.Root());
                next += 1 << height;
            }

            Assert.Equal(start + count, next);
            Assert.Equal(leafByLeaf.Root(), bySubtrees.Root());
            Assert.Equal(leafByLeaf.Count, bySubtrees.Count);
            Assert.InRange(heights.Count, 1, 2 * (int)Math.Log2(count) + 2);
        }
    }

    [Fact]
    public void A_subtree_that_does_not_start_on_a_multiple_of_its_size_is_refused()
    {
        var tree = new MerkleFrontier();
        tree.Add(Leaf(0));
        Assert.Throws<ArgumentException>(() => tree.AddSubtree(1, Leaf(1)));
        Assert.Equal(1, tree.Count);
    }

    [Fact]
    public void A_million_leaves_after_an_odd_start_take_about_two_log_n_blocks() =>
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 18, 17, 16, 14, 9, 6, 0],
            MerkleFrontier.AlignedBlocks(1, 1_000_000));
}
