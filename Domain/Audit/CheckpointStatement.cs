using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// What a checkpoint signature covers: the log named <paramref name="Origin"/> holds, up to sequence
/// <paramref name="Seq"/>, <paramref name="Size"/> chained events whose Merkle root is <paramref name="Root"/> and
/// whose last chain hash is <paramref name="Head"/>. Signed as the UTF-8 of <see cref="CanonicalText"/>. Naming the
/// log keeps a checkpoint of one ledger from passing as another's when both share a key; checkpoints signed before
/// logs had names (format 1) have no origin.
/// </summary>
public sealed record CheckpointStatement(long Seq, long Size, string Root, string Head, string At, string? Origin = null)
{
    public const string Format = "ledger-audit-checkpoint/2";

    /// <summary>The format of checkpoints without a log name; their signatures still verify.</summary>
    public const string FormatWithoutOrigin = "ledger-audit-checkpoint/1";

    public string CanonicalText() => Origin is null
        ? CanonicalJson.FlatObject(("at", At), ("format", FormatWithoutOrigin), ("head", Head), ("root", Root), ("seq", Seq), ("size", Size))
        : CanonicalJson.FlatObject(("at", At), ("format", Format), ("head", Head), ("origin", Origin), ("root", Root), ("seq", Seq), ("size", Size));

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(CanonicalText());
}
