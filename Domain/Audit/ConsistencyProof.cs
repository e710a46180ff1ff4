using System.Numerics;

namespace Ledger.Domain.Audit;

/// <summary>
/// RFC 9162 §2.1.4 consistency proofs between two sizes of the chain's Merkle tree (<see cref="MerkleFrontier"/>):
/// that the tree over the first <c>n</c> leaves contains the tree over the first <c>m</c> unchanged, so a log whose
/// checkpoint at <c>m</c> was signed (or witnessed) can only have grown by appending. The proof is the roots of a
/// few ranges of leaves, O(log n) of them.
/// </summary>
public static class ConsistencyProof
{
    /// <summary>
    /// The ranges of leaves [Start, End) whose Merkle roots make up the proof from <paramref name="m"/> to
    /// <paramref name="n"/> leaves, in the order the proof lists them (RFC 9162 §2.1.4.1, SUBPROOF).
    /// </summary>
    public static IReadOnlyList<(long Start, long End)> Ranges(long m, long n)
    {
        if (m < 1 || m > n) throw new ArgumentOutOfRangeException(nameof(m), $"A consistency proof goes from 1 to {n} leaves, not from {m}.");
        var ranges = new List<(long, long)>();
        Subproof(m, 0, n, true, ranges);
        return ranges;
    }

    private static void Subproof(long m, long start, long end, bool whole, List<(long, long)> ranges)
    {
        var n = end - start;
        if (m == n)
        {
            // The old tree is a complete subtree here: the verifier knows its root already when it is the whole old tree.
            if (!whole) ranges.Add((start, end));
            return;
        }
        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            Subproof(m, start, start + k, whole, ranges);
            ranges.Add((start + k, end));
        }
        else
        {
            Subproof(m - k, start + k, end, false, ranges);
            ranges.Add((start, start + k));
        }
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows that the tree of <paramref name="n"/> leaves with root
    /// <paramref name="newRoot"/> extends the tree of <paramref name="m"/> leaves with root <paramref name="oldRoot"/>
    /// (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal roots.
    /// </summary>
    public static bool Verify(long m, long n, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        if (m < 1 || m > n || proof.Any(p => p.Length != 32)) return false;
        if (m == n) return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        var path = BitOperations.IsPow2(m) ? [oldRoot.ToArray(), .. proof] : proof.ToList();
        if (path.Count == 0) return false;
        var (fn, sn) = (m - 1, n - 1);
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
            }
            else
            {
                sr = Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot) && sn == 0;
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private static byte[] Node(byte[] left, byte[] right) => MerkleFrontier.Node(left, right);
}
