namespace Ledger.Vision.Detection;

/// <summary>
/// Reads ssd_mobilenetv1's outputs. The graph already decodes the box encodings against the
/// network's 5118 prior boxes (they are weights of the package, see <c>Tools/Vision.Import/README.md</c>), so
/// what is left here is face-api.js's post-processing (<c>src/ssdMobilenetv1/SsdMobilenetv1.ts</c>):
/// boxes are (ymin, xmin, ymax, xmax) in 0..1 of the square input, clipped to the unit square, and
/// scored by the sigmoid of the face class.
/// </summary>
public static class SsdBoxes
{
    /// <summary>Boxes scoring above <paramref name="scoreThreshold"/>, in pixels of the square input of side <paramref name="inputSize"/>.</summary>
    public static List<FaceBox> Decode(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int inputSize, float scoreThreshold)
    {
        if (boxes.Length != scores.Length * 4)
            throw new ArgumentException($"Expected 4 box values per score: {boxes.Length} box values, {scores.Length} scores.");

        var result = new List<FaceBox>();
        for (int i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] > scoreThreshold))
                continue;
            var b = boxes.Slice(i * 4, 4);
            var top = Math.Clamp(Math.Min(b[0], b[2]), 0f, 1f) * inputSize;
            var left = Math.Clamp(Math.Min(b[1], b[3]), 0f, 1f) * inputSize;
            var bottom = Math.Clamp(Math.Max(b[0], b[2]), 0f, 1f) * inputSize;
            var right = Math.Clamp(Math.Max(b[1], b[3]), 0f, 1f) * inputSize;
            if (right > left && bottom > top)
                result.Add(FaceBox.FromCorners(left, top, right, bottom, scores[i]));
        }
        return result;
    }
}
