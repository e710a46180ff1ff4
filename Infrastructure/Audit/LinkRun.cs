using Ledger.Domain.Audit;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Consecutive unselected events of an export. A long run is written as one <c>gap</c> line: the roots of the
/// aligned complete Merkle subtrees its leaves form (<see cref="MerkleFrontier.AlignedBlocks"/>), about 2·log2(n)
/// hashes for n events, which is all the verifier needs to grow the tree past them. A short run is written
/// as <c>link</c> lines, one hash each.
/// </summary>
internal sealed class LinkRun
{
    /// <summary>Below this many events a gap line is no smaller than link lines.</summary>
    private const int ShortestGap = 4;
    private const int HashSize = 32;

    private readonly List<(long Seq, long Position)> _links = [];
    private byte[] _hashes = new byte[HashSize * 64];

    public long Count => _links.Count;

    public void Add(long seq, long position, byte[] chainHash)
    {
        if (_hashes.Length < (_links.Count + 1) * HashSize) Array.Resize(ref _hashes, _hashes.Length * 2);
        chainHash.CopyTo(_hashes, _links.Count * HashSize);
        _links.Add((seq, position));
    }

    public void Flush(JsonLines lines)
    {
        if (_links.Count == 0) return;
        if (_links.Count < ShortestGap)
            for (var i = 0; i < _links.Count; i++) WriteLink(lines, _links[i].Seq, _links[i].Position, Hash(i));
        else
            WriteGap(lines);
        _links.Clear();
    }

    public static void WriteLink(JsonLines lines, long seq, long position, ReadOnlySpan<byte> chainHash)
    {
        var json = lines.Start();
        json.WriteStartObject();
        json.WriteString("kind", ExportFormat.Link);
        json.WriteNumber("seq", seq);
        json.WriteNumber("position", position);
        json.WriteString("hash", ChainHash.ToHex(chainHash));
        json.WriteEndObject();
        lines.End();
    }

    private void WriteGap(JsonLines lines)
    {
        var json = lines.Start();
        json.WriteStartObject();
        json.WriteString("kind", ExportFormat.Gap);
        json.WriteNumber("position", _links[0].Position);
        json.WriteNumber("size", _links.Count);
        json.WriteNumber("firstSeq", _links[0].Seq);
        json.WriteNumber("lastSeq", _links[^1].Seq);
        json.WriteStartArray("subtrees");
        var next = 0;
        foreach (var height in MerkleFrontier.AlignedBlocks(_links[0].Position - 1, _links.Count))
        {
            var block = new MerkleFrontier();
            for (var end = next + (1 << height); next < end; next++) block.Add(Hash(next));
            json.WriteStringValue(ChainHash.ToHex(block.Root()));
        }
        json.WriteEndArray();
        json.WriteEndObject();
        lines.End();
    }

    private ReadOnlySpan<byte> Hash(int index) => _hashes.AsSpan(index * HashSize, HashSize);
}
