using System.Numerics;
using System.Security.Cryptography;

namespace Ledger.Domain.Audit;

/// <summary>
/// An append-only Merkle tree over chain hashes, shaped as in RFC 6962 (Certificate Transparency):
/// leaf = SHA-256(0x00 || chain hash), node = SHA-256(0x01 || left || right), the left subtree of n
/// leaves holding the largest power of two below n. Only the roots of the complete subtrees (the
/// frontier: one per set bit of the leaf count) are kept, so adding a leaf and reading the root of
/// every prefix costs O(log n) and a checkpoint can store where to resume.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(int Height, byte[] Hash)> _subtrees = [];

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> chainHash)
    {
        var leaf = new byte[1 + chainHash.Length];
        chainHash.CopyTo(leaf.AsSpan(1));
        var carry = (Height: 0, Hash: SHA256.HashData(leaf));
        while (_subtrees.Count > 0 && _subtrees[^1].Height == carry.Height)
        {
            carry = (carry.Height + 1, Node(_subtrees[^1].Hash, carry.Hash));
            _subtrees.RemoveAt(_subtrees.Count - 1);
        }
        _subtrees.Add(carry);
        Count++;
    }

    /// <summary>
    /// Adds <c>2^height</c> leaves at once by the root of their complete subtree, which must start on a multiple
    /// of its size (as the blocks of <see cref="AlignedBlocks"/> do): the tree comes out as if each leaf had been added.
    /// </summary>
    public void AddSubtree(int height, ReadOnlySpan<byte> root)
    {
        var size = 1L << height;
        if (height is < 0 or > 62 || Count % size != 0)
            throw new ArgumentException($"A subtree of {size} leaves cannot start at position {Count}: it must start on a multiple of its size.");
        var carry = (Height: height, Hash: root.ToArray());
        while (_subtrees.Count > 0 && _subtrees[^1].Height == carry.Height)
        {
            carry = (carry.Height + 1, Node(_subtrees[^1].Hash, carry.Hash));
            _subtrees.RemoveAt(_subtrees.Count - 1);
        }
        _subtrees.Add(carry);
        Count += size;
    }

    /// <summary>
    /// How <paramref name="count"/> leaves after the first <paramref name="start"/> split into complete subtrees
    /// that each start on a multiple of their size, largest possible first: at most about 2·log2(count) of them.
    /// </summary>
    public static IReadOnlyList<int> AlignedBlocks(long start, long count)
    {
        var heights = new List<int>();
        while (count > 0)
        {
            var height = BitOperations.Log2((ulong)count);
            while ((start & ((1L << height) - 1)) != 0) height--;
            heights.Add(height);
            start += 1L << height;
            count -= 1L << height;
        }
        return heights;
    }

    /// <summary>The root over all leaves added so far (SHA-256 of nothing for an empty tree).</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0) return SHA256.HashData([]);
        var root = _subtrees[^1].Hash;
        for (var i = _subtrees.Count - 2; i >= 0; i--)
            root = Node(_subtrees[i].Hash, root);
        return root;
    }

    /// <summary>The complete subtrees' roots, largest first; with <see cref="Count"/> they resume the tree.</summary>
    public IReadOnlyList<byte[]> Subtrees => _subtrees.Select(s => s.Hash).ToList();

    public static MerkleFrontier Resume(long count, IReadOnlyList<byte[]> subtrees)
    {
        if (count < 0 || BitOperations.PopCount((ulong)count) != subtrees.Count)
            throw new FormatException($"A tree of {count} leaves has {BitOperations.PopCount((ulong)count)} complete subtrees, not {subtrees.Count}.");
        var frontier = new MerkleFrontier { Count = count };
        var bit = 63;
        foreach (var hash in subtrees)
        {
            while ((count & (1L << bit)) == 0) bit--;
            frontier._subtrees.Add((bit, hash));
            bit--;
        }
        return frontier;
    }

    public MerkleFrontier Copy() => Resume(Count, Subtrees);

    /// <summary>An inner node: SHA-256(0x01 || left || right).</summary>
    internal static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + left.Length);
        return SHA256.HashData(buffer);
    }
}
