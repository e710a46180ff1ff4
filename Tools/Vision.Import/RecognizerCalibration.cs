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
    public const int Revision = 2;

    /// <summary>The per-comparison false-accept target every threshold below is chosen for.</summary>
    public const double Target = 1e-4;

    private const string Method = "min(closest impostor - 1e-4, impostor mean - z(0.0001) sd of a normal fit), rounded down to 0.001";
    private const string Evidence = "../shared/faces, 40 crops without groups (80 genuine, 700 impostor pairs): ledger vision evaluate --recognizers face_recognition,mobilefacenet,mobileface,faceres; docs/VISION.md";

    // Zero false accepts in 700 impostor pairs bounds the rate at 0.43% (95%), far above the target: the target
    // rests on the normal tail, which the data can neither confirm nor refute. mobilefacenet's embedding does not
    // depend on its input (tfjs gives the same vector for every face), so its point is recorded, not usable.
    private static readonly Dictionary<string, OperatingPoint> Points = new(StringComparer.Ordinal)
    {
        ["face_recognition"] = new(0.552, Target, Method, 80, 700, 0, 0.00427, 0.925, Evidence),
        ["mobilefacenet"] = new(-0.001, Target, Method, 80, 700, 0, 0.00427, 0, Evidence),
        ["mobileface"] = new(0.427, Target, Method, 80, 700, 0, 0.00427, 0.125, Evidence),
        ["faceres"] = new(0.333, Target, Method, 80, 700, 0, 0.00427, 0.5375, Evidence),
    };

    public static OperatingPoint? For(string id) => Points.GetValueOrDefault(id);
}
