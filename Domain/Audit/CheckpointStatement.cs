using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// What a checkpoint signature covers: the log up to sequence <paramref name="Seq"/> holds
/// <paramref name="Size"/> chained events whose Merkle root is <paramref name="Root"/> and whose last
/// chain hash is <paramref name="Head"/>. Signed as the UTF-8 of <see cref="CanonicalText"/>.
/// </summary>
public sealed record CheckpointStatement(long Seq, long Size, string Root, string Head, string At)
{
    public const string Format = "ledger-audit-checkpoint/1";

    public string CanonicalText() =>
        CanonicalJson.FlatObject(("at", At), ("format", Format), ("head", Head), ("root", Root), ("seq", Seq), ("size", Size));

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(CanonicalText());
}
