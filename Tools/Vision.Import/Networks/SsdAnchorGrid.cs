namespace Ledger.Vision.Import.Networks;

/// <summary>
/// ssd_mobilenetv1's anchors for an input as wide as its 512 x 512 square but with fewer rows. A 640 x 480 frame fills only
/// the top 384 rows of the square, and the network spends a quarter of its arithmetic on the letterbox below; fed the 384
/// rows alone, its convolutions give the same features wherever their receptive field lies inside the frame, and only
/// the anchors (weights of the package, one set for the square) must follow the shorter feature maps.
/// <para>
/// Each predictor's anchor for a feature-map row is placed where the network learnt it: at the same distance from that
/// row's receptive-field centre as in the square. Down to the 3-row map of a 384-row input every 'same' stride-2
/// convolution pads as in the square, so those rows keep the square's anchors exactly; the last two maps pad their odd
/// input on both sides and their anchors move with their receptive fields.
/// </para>
/// </summary>
internal static class SsdAnchorGrid
{
    /// <summary>
    /// The 3x3 stride-2 'same' convolutions between the input and the predictors (MobileNet's conv 0 and depthwise 2, 4,
    /// 6, 12, then prediction convs 1, 3, 5, 7), and how many of them lie before each of the six box predictors.
    /// </summary>
    private static readonly int[] StridedConvsBeforePredictor = [4, 5, 6, 7, 8, 9];

    /// <summary>Anchors per cell of each predictor (the lowest layer has three, the others six).</summary>
    private static readonly int[] AnchorsPerCell = [3, 6, 6, 6, 6, 6];

    /// <summary>How many anchors an input of <paramref name="height"/> rows and <paramref name="width"/> columns has.</summary>
    public static int Count(int height, int width)
    {
        var rows = ReceptiveCentres(height);
        var columns = ReceptiveCentres(width);
        return StridedConvsBeforePredictor.Select((k, p) => rows[k].Length * columns[k].Length * AnchorsPerCell[p]).Sum();
    }

    /// <summary>
    /// The anchors, (ymin, xmin, ymax, xmax) relative to the square's side, for an input of <paramref name="height"/> rows
    /// and the square's width, derived from the square's <paramref name="squareAnchors"/>.
    /// </summary>
    /// <exception cref="ModelImportException">The square's anchors are not laid out as the network's feature maps imply.</exception>
    public static float[] ForHeight(float[] squareAnchors, int side, int height)
    {
        if (height <= 0 || height > side)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"between 1 and {side}");
        var square = ReceptiveCentres(side);
        var shorter = ReceptiveCentres(height);
        if (squareAnchors.Length != Count(side, side) * 4)
            throw new ModelImportException($"ssd anchors: {squareAnchors.Length / 4} anchors, expected {Count(side, side)} for a {side} x {side} input");

        var result = new List<float>(Count(height, side) * 4);
        var block = 0;
        for (var p = 0; p < StridedConvsBeforePredictor.Length; p++)
        {
            var squareRows = square[StridedConvsBeforePredictor[p]];
            var rows = shorter[StridedConvsBeforePredictor[p]];
            var perRow = squareRows.Length * AnchorsPerCell[p];
            var offset = LearntOffset(squareAnchors, block, squareRows, AnchorsPerCell[p], side, p);
            for (var row = 0; row < rows.Length; row++)
            {
                // Rows whose receptive fields did not move keep the square's anchors bit for bit.
                var shift = rows[row] == squareRows[row] ? 0f : (rows[row] - offset) / side - Centre(squareAnchors, block + row * perRow, 0);
                for (var i = 0; i < perRow; i++)
                {
                    var a = squareAnchors.AsSpan((block + row * perRow + i) * 4, 4);
                    result.AddRange([a[0] + shift, a[1], a[2] + shift, a[3]]);
                }
            }
            block += squareRows.Length * perRow;
        }
        return [.. result];
    }

    /// <summary>
    /// How far (in input pixels) predictor <paramref name="p"/>'s receptive-field centres lie from its anchors' centres,
    /// checked the same for every cell of the square: the layout (rows, then columns, then the cell's anchors) and the
    /// grid the rest of this class assumes.
    /// </summary>
    private static float LearntOffset(float[] anchors, int block, float[] centres, int perCell, int side, int p)
    {
        var offset = centres[0] - Centre(anchors, block, 0) * side;
        for (var row = 0; row < centres.Length; row++)
            for (var column = 0; column < centres.Length; column++)
                for (var a = 0; a < perCell; a++)
                {
                    var index = block + (row * centres.Length + column) * perCell + a;
                    if (Math.Abs(centres[row] - Centre(anchors, index, 0) * side - offset) > 0.01f
                        || Math.Abs(centres[column] - Centre(anchors, index, 1) * side - offset) > 0.01f)
                        throw new ModelImportException($"ssd anchors: anchor {index} of predictor {p} is not on the grid of its feature map");
                }
        return offset;
    }

    private static float Centre(float[] anchors, int index, int axis) => (anchors[index * 4 + axis] + anchors[index * 4 + axis + 2]) / 2f;

    /// <summary>
    /// The receptive-field centre (in input pixels) of every row of the maps after each strided convolution: index 0 is the
    /// input, index k the map after the k-th. A 'same' 3x3 stride-2 convolution pads (as TensorFlow) the larger half at the
    /// end, so output row i is centred on input row 2i + 1 - (padding before).
    /// </summary>
    private static float[][] ReceptiveCentres(int length)
    {
        var maps = new float[StridedConvsBeforePredictor[^1] + 1][];
        maps[0] = Enumerable.Range(0, length).Select(i => i + 0.5f).ToArray();
        for (var k = 1; k < maps.Length; k++)
        {
            var input = maps[k - 1];
            var outputs = (input.Length + 1) / 2;
            var before = Math.Max((outputs - 1) * 2 + 3 - input.Length, 0) / 2;
            maps[k] = Enumerable.Range(0, outputs).Select(i => input[2 * i + 1 - before]).ToArray();
        }
        return maps;
    }
}
