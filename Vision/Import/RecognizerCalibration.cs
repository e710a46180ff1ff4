using Ledger.Vision.Embedding;

namespace Ledger.Vision.Import;

/// <summary>
/// The operating points written into the pack: each threshold chosen from the impostor distribution of the
/// shared faces for the false-accept target, by <c>ledger vision evaluate --recognizers ...</c> (docs/VISION.md,
/// "Recognizers side by side"). A test recomputes them from the data and fails when they drift.
/// </summary>
internal static class RecognizerCalibration
{
    /// <summary>Bump with every change of the points below; the manifest records it and scripts/models.sh rebuilds older packs.</summary>
    public const int Revision = 1;

    private static readonly Dictionary<string, OperatingPoint> Points = new(StringComparer.Ordinal);

    public static OperatingPoint? For(string id) => Points.GetValueOrDefault(id);
}
