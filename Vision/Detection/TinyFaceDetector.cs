using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Detection;

/// <summary>tiny_face_detector: a YOLOv2-style grid; fast, but it misses faces that fill the frame.</summary>
public sealed class TinyFaceDetector(OnnxModel model, int inputSize = 416, float scoreThreshold = 0.5f) : IFaceDetector
{
    /// <summary>face-api.js <c>IOU_THRESHOLD</c> for this network.</summary>
    public const float IouThreshold = 0.4f;

    private static readonly string[] Outputs = ["grid"];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public IReadOnlyList<FaceBox> Detect(DecodedImage image, float border = 0, CancellationToken cancellationToken = default)
    {
        if (inputSize % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "tiny_face_detector needs a multiple of 32.");
        using var tensor = new PooledTensor(inputSize * inputSize * 3);
        var input = ImageWarp.LetterboxTopLeft(image, inputSize, border, tensor.Span);
        var grid = model.Run(tensor.Memory, [1, inputSize, inputSize, 3], Outputs, cancellationToken)[0];
        var boxes = TinyFaceGrid.Decode(grid, inputSize / 32, inputSize, scoreThreshold);
        return NonMaxSuppression.Apply(boxes, IouThreshold)
            .Select(b => input.ToSource(b).ClipTo(image.Width, image.Height))
            .Where(b => b.Area > 0)
            .ToList();
    }
}
