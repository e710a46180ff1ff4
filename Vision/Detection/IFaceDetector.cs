using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Detection;

/// <summary>Finds faces in an image.</summary>
public interface IFaceDetector
{
    /// <summary>The network behind this detector.</summary>
    ModelInfo Model { get; }

    /// <summary>
    /// Faces above the score threshold after non-maximum suppression, in source-image pixels, clipped to the
    /// image, highest score first. <paramref name="border"/> (fraction of the longer side) pads the image with
    /// black before detection.
    /// </summary>
    IReadOnlyList<FaceBox> Detect(DecodedImage image, float border = 0, CancellationToken cancellationToken = default);
}
