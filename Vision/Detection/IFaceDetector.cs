using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Detection;

/// <summary>Finds faces in an image.</summary>
public interface IFaceDetector
{
    /// <summary>The network behind this detector.</summary>
    ModelInfo Model { get; }

    /// <summary>
    /// The network <see cref="Detect"/> runs on a <paramref name="width"/> x <paramref name="height"/> image with
    /// <paramref name="border"/>: <see cref="Model"/>, unless the detector has a graph of it for such images.
    /// </summary>
    ModelInfo ModelFor(int width, int height, float border) => Model;

    /// <summary>
    /// Faces above the score threshold after non-maximum suppression, in source-image pixels, clipped to the
    /// image, highest score first. <paramref name="border"/> (fraction of the longer side) pads the image with
    /// black before detection.
    /// </summary>
    IReadOnlyList<FaceBox> Detect(DecodedImage image, float border = 0, CancellationToken cancellationToken = default);
}
