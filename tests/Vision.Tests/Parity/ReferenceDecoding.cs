namespace Ledger.Vision.Tests.Parity;

/// <summary>A box in input pixels.</summary>
internal sealed record PixelBox(double Score, double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public double Iou(PixelBox other)
    {
        var w = Math.Max(0, Math.Min(Right, other.Right) - Math.Max(X, other.X));
        var h = Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y));
        var inter = w * h;
        return inter / (Width * Height + other.Width * other.Height - inter);
    }
}

/// <summary>
/// The face-api.js post-processing of the detectors' outputs, written out here only so the parity
/// tests can compare final boxes (the runtime has its own decoder; this is the test's independent one).
/// </summary>
internal static class ReferenceDecoding
{
    /// <summary><c>TinyYolov2Base.extractBoxes</c> for a square input, then greedy NMS.</summary>
    public static List<PixelBox> TinyDetector(float[] grid, int inputSize, IReadOnlyList<double[]> anchors,
        double scoreThreshold, double iouThreshold)
    {
        var cells = inputSize / 32;
        var boxes = new List<PixelBox>();
        for (var row = 0; row < cells; row++)
            for (var col = 0; col < cells; col++)
                for (var a = 0; a < anchors.Count; a++)
                {
                    var o = ((row * cells + col) * anchors.Count + a) * 5;
                    var score = Sigmoid(grid[o + 4]);
                    if (score <= scoreThreshold)
                        continue;
                    var cx = (col + Sigmoid(grid[o])) / cells;
                    var cy = (row + Sigmoid(grid[o + 1])) / cells;
                    var w = Math.Exp(grid[o + 2]) * anchors[a][0] / cells;
                    var h = Math.Exp(grid[o + 3]) * anchors[a][1] / cells;
                    boxes.Add(new PixelBox(score, (cx - w / 2) * inputSize, (cy - h / 2) * inputSize, w * inputSize, h * inputSize));
                }
        return Nms(boxes, iouThreshold);
    }

    /// <summary><c>SsdMobilenetv1.locateFaces</c> for a square input: clip, threshold, greedy NMS.</summary>
    public static List<PixelBox> Ssd(float[] boxes, float[] scores, int inputSize, double minConfidence, double iouThreshold)
    {
        var candidates = new List<PixelBox>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] <= minConfidence)
                continue;
            var top = Math.Max(0, boxes[i * 4]) * inputSize;
            var left = Math.Max(0, boxes[i * 4 + 1]) * inputSize;
            var bottom = Math.Min(1, boxes[i * 4 + 2]) * inputSize;
            var right = Math.Min(1, boxes[i * 4 + 3]) * inputSize;
            candidates.Add(new PixelBox(scores[i], left, top, right - left, bottom - top));
        }
        return Nms(candidates, iouThreshold);
    }

    private static List<PixelBox> Nms(List<PixelBox> boxes, double iouThreshold)
    {
        var picked = new List<PixelBox>();
        foreach (var box in boxes.OrderByDescending(b => b.Score))
            if (picked.All(p => p.Iou(box) <= iouThreshold))
                picked.Add(box);
        return picked;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
