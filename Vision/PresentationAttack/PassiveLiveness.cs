using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.PresentationAttack;

/// <summary>
/// Scores one face with the two passive networks of <c>@vladmandic/human</c> 3.3.6: antispoof ("real") and
/// liveness ("live"). Both look at a single still crop, so they are signals for a decision, not a
/// presentation-attack check on their own: what they react to is measured in <c>Tools/Vision.Import/README.md</c>.
/// The crop is human's (<see cref="HumanFaceCrop"/>): the numbers match the JavaScript library's for the same
/// image and box. Thread-safe; one instance per process.
/// </summary>
public sealed class PassiveLiveness
{
    /// <summary>
    /// The liveness output that behaves like "live", measured rather than assumed (Tools/Vision.Import/README.md): on the
    /// shared faces index 0 is high (mean 0.93) and falls when the crop is turned into a simulated print, screen
    /// replay or flattened copy, while index 1 rises. That is what human reads; the source repository's training
    /// script (LabelEncoder over folders fake/real) would suggest the reverse, which the data does not bear out.
    /// </summary>
    internal const int LiveClassIndex = 0;

    private const int AntispoofInputSize = 128;
    private const int LivenessInputSize = 32;

    private readonly OnnxModel _antispoof;
    private readonly OnnxModel _liveness;

    /// <summary>Uses the given sessions (the pack's <c>antispoof</c> and <c>liveness</c>).</summary>
    public PassiveLiveness(OnnxModel antispoof, OnnxModel liveness)
    {
        _antispoof = antispoof;
        _liveness = liveness;
    }

    /// <summary>The service over <paramref name="models"/>, or null when the pack has no antispoof/liveness networks.</summary>
    public static PassiveLiveness? TryCreate(VisionModels models) =>
        models.Antispoof is { } antispoof && models.Liveness is { } liveness ? new PassiveLiveness(antispoof, liveness) : null;

    /// <summary>Cuts <paramref name="face"/> out of <paramref name="image"/> as human does and runs both networks.</summary>
    /// <param name="image">The decoded capture.</param>
    /// <param name="face">The detector's box in image pixels.</param>
    /// <param name="cancellationToken">Stops a queued or running inference.</param>
    public PassiveLivenessScores Score(DecodedImage image, FaceBox face, CancellationToken cancellationToken = default)
    {
        var (real, classes) = Run(HumanFaceCrop.Cut(image, face), cancellationToken);
        return new PassiveLivenessScores(real, classes[LiveClassIndex], _antispoof.Info, _liveness.Info);
    }

    /// <summary>Both networks on a 192x192 crop (RGB 0..255): antispoof's sigmoid and liveness's two softmax outputs.</summary>
    internal (float Real, float[] Classes) Run(float[] crop, CancellationToken cancellationToken = default)
    {
        var real = _antispoof.Run(HumanFaceCrop.Resize(crop, HumanFaceCrop.MeshInputSize, AntispoofInputSize),
            [1, AntispoofInputSize, AntispoofInputSize, 3], ["real"], cancellationToken)[0][0];
        var classes = _liveness.Run(HumanFaceCrop.Resize(crop, HumanFaceCrop.MeshInputSize, LivenessInputSize),
            [1, LivenessInputSize, LivenessInputSize, 3], ["classes"], cancellationToken)[0];
        return (real, classes);
    }
}
