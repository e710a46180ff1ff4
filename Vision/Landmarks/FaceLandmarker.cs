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
    public FaceLandmarks68 Detect(DecodedImage image, FaceBox box, CancellationToken cancellationToken = default) =>
        Detect(image, [box], cancellationToken)[0];

    /// <summary>The 68 points of every face, in image pixels, from one batched run of the network.</summary>
    public IReadOnlyList<FaceLandmarks68> Detect(DecodedImage image, IReadOnlyList<FaceBox> boxes, CancellationToken cancellationToken = default)
    {
        if (boxes.Count == 0)
            return [];
        const int perFace = InputSize * InputSize * 3;
        using var batch = new PooledTensor(boxes.Count * perFace);
        var squares = new (Vector2 Origin, float Side)[boxes.Count];
        for (int f = 0; f < boxes.Count; f++)
        {
            var side = Math.Max(boxes[f].Width, boxes[f].Height);
            var origin = boxes[f].Center - new Vector2(side / 2);
            squares[f] = (origin, side);
            var transform = Matrix3x2.CreateTranslation(-origin) * Matrix3x2.CreateScale(InputSize / side);
            ImageWarp.Render(image, transform, InputSize, InputSize, batch.Span.Slice(f * perFace, perFace));
        }
        var output = model.Run(batch.Memory, [boxes.Count, InputSize, InputSize, 3], Outputs, cancellationToken)[0];
        const int perOutput = FaceLandmarks68.Count * 2;
        if (output.Length != boxes.Count * perOutput)
            throw new InvalidOperationException($"face_landmark_68 returned {output.Length} values for {boxes.Count} faces, expected 136 each.");
        var result = new FaceLandmarks68[boxes.Count];
        for (int f = 0; f < boxes.Count; f++)
        {
            var points = new Vector2[FaceLandmarks68.Count];
            for (int i = 0; i < points.Length; i++)
                points[i] = squares[f].Origin + new Vector2(output[f * perOutput + 2 * i], output[f * perOutput + 2 * i + 1]) * squares[f].Side;
            result[f] = new FaceLandmarks68(points);
        }
        return result;
    }
}
