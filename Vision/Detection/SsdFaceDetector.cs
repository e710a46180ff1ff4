using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Detection;

/// <summary>
/// ssd_mobilenetv1 at 512 x 512: the stronger detector (tight crops, costumes, small faces). Given its landscape graph
/// (<see cref="LandscapeRows"/> rows of the same square, the same weights), an image that fills no more than those rows
/// (a till's 640 x 480 frame) is detected without the letterbox rows below it: a quarter of the network's arithmetic.
/// </summary>
public sealed class SsdFaceDetector(OnnxModel model, float scoreThreshold = 0.5f, OnnxModel? landscape = null) : IFaceDetector
{
    /// <summary>The network's input side (the landscape graph's width).</summary>
    public const int InputSize = 512;

    /// <summary>Rows of the landscape graph's input: a 4:3 image scaled to <see cref="InputSize"/> columns.</summary>
    public const int LandscapeRows = 384;

    /// <summary>face-api.js's IoU threshold for this network.</summary>
    public const float IouThreshold = 0.5f;

    private static readonly string[] Outputs = ["boxes", "scores"];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public ModelInfo ModelFor(int width, int height, float border) => GraphFor(width, height, border).Model.Info;

    /// <inheritdoc />
    public IReadOnlyList<FaceBox> Detect(DecodedImage image, float border = 0, CancellationToken cancellationToken = default)
    {
        var (graph, rows) = GraphFor(image.Width, image.Height, border);
        using var tensor = new PooledTensor(InputSize * rows * 3);
        var input = ImageWarp.LetterboxTopLeft(image, InputSize, rows, border, tensor.Span);
        var outputs = graph.Run(tensor.Memory, [1, rows, InputSize, 3], Outputs, cancellationToken);
        // Both graphs give boxes relative to the square's side: the landscape graph's anchors are the square's top rows.
        var boxes = SsdBoxes.Decode(outputs[0], outputs[1], InputSize, scoreThreshold);
        return NonMaxSuppression.Apply(boxes, IouThreshold)
            .Select(b => input.ToSource(b).ClipTo(image.Width, image.Height))
            .Where(b => b.Area > 0)
            .ToList();
    }

    private (OnnxModel Model, int Rows) GraphFor(int width, int height, float border) =>
        landscape is not null && ImageWarp.FillsTopRows(width, height, border, InputSize, LandscapeRows)
            ? (landscape, LandscapeRows)
            : (model, InputSize);
}
