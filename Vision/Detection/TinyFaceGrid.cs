namespace Ledger.Vision.Detection;

/// <summary>
/// Decodes tiny_face_detector's raw YOLOv2-style grid <c>[1, S, S, 5 anchors x (x, y, w, h, score)]</c>:
/// centre = (cell + sigmoid(t)) / S, size = exp(t) x anchor / S, confidence = sigmoid(t_score).
/// The anchors are the network's own, from face-api.js <c>src/tinyFaceDetector/const.ts</c>.
/// </summary>
public static class TinyFaceGrid
{
    /// <summary>Anchor (width, height) pairs in grid cells.</summary>
    public static readonly (float W, float H)[] Anchors =
    [
        (1.603231f, 2.094468f),
        (6.041143f, 7.080126f),
        (2.882459f, 3.518061f),
        (4.266906f, 5.178857f),
        (9.041765f, 10.66308f),
    ];

    /// <summary>Values per anchor: x, y, w, h, score.</summary>
    public const int ValuesPerAnchor = 5;

    /// <summary>
    /// Boxes scoring above <paramref name="scoreThreshold"/>, in pixels of the square network input of side
    /// <paramref name="inputSize"/> (before NMS).
    /// </summary>
    public static List<FaceBox> Decode(ReadOnlySpan<float> grid, int cells, int inputSize, float scoreThreshold)
    {
        var expected = cells * cells * Anchors.Length * ValuesPerAnchor;
        if (grid.Length != expected)
            throw new ArgumentException($"Expected {expected} grid values for {cells}x{cells} cells, got {grid.Length}.", nameof(grid));

        var boxes = new List<FaceBox>();
        float cellPx = (float)inputSize / cells;
        for (int row = 0; row < cells; row++)
        for (int col = 0; col < cells; col++)
        for (int a = 0; a < Anchors.Length; a++)
        {
            var o = ((row * cells + col) * Anchors.Length + a) * ValuesPerAnchor;
            var score = Sigmoid(grid[o + 4]);
            if (score <= scoreThreshold)
                continue;
            var cx = (col + Sigmoid(grid[o])) * cellPx;
            var cy = (row + Sigmoid(grid[o + 1])) * cellPx;
            var w = MathF.Exp(grid[o + 2]) * Anchors[a].W * cellPx;
            var h = MathF.Exp(grid[o + 3]) * Anchors[a].H * cellPx;
            boxes.Add(new FaceBox(cx - w / 2, cy - h / 2, w, h, score));
        }
        return boxes;
    }

    internal static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
