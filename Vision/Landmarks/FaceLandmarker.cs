using System.Numerics;
using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Landmarks;

/// <summary>
/// face_landmark_68: the face box is taken as a square around its centre (what face-api.js's centred
/// padding amounts to), resampled to 112 x 112, and the network's 0..1 outputs mapped back to image pixels.
/// </summary>
public sealed class FaceLandmarker(OnnxModel model)
{
    /// <summary>The network's input side.</summary>
    public const int InputSize = 112;

    private static readonly string[] Outputs = ["landmarks"];

    /// <summary>The network behind it.</summary>
    public ModelInfo Model => model.Info;

    /// <summary>The 68 points of the face in <paramref name="box"/>, in image pixels.</summary>
    public FaceLandmarks68 Detect(DecodedImage image, FaceBox box, CancellationToken cancellationToken = default)
    {
        var side = Math.Max(box.Width, box.Height);
        var origin = box.Center - new Vector2(side / 2);
        var scale = InputSize / side;
        var transform = Matrix3x2.CreateTranslation(-origin) * Matrix3x2.CreateScale(scale);
        var tensor = ImageWarp.ToRgbTensor(image, transform, InputSize, InputSize);
        var output = model.Run(tensor, [1, InputSize, InputSize, 3], Outputs, cancellationToken)[0];
        if (output.Length != FaceLandmarks68.Count * 2)
            throw new InvalidOperationException($"face_landmark_68 returned {output.Length} values, expected 136.");
        var points = new Vector2[FaceLandmarks68.Count];
        for (int i = 0; i < points.Length; i++)
            points[i] = origin + new Vector2(output[2 * i], output[2 * i + 1]) * side;
        return new FaceLandmarks68(points);
    }
}
