using Ledger.Vision.Import;
using Ledger.Vision.Import.Networks;
using Ledger.Vision.Tests.Parity;
using Xunit;

namespace Ledger.Vision.Tests.Import;

/// <summary>The landscape graph's anchors, derived from the 5118 anchors face-api.js ships for the 512 x 512 square.</summary>
public sealed class SsdAnchorGridTests
{
    private static readonly Lazy<float[]> Square = new(() =>
    {
        var folder = Path.Combine(RepositoryPaths.Root, ".models", "npm", "node_modules", "@vladmandic", "face-api", "model");
        var weights = TfjsWeightReader.Read(Path.Combine(folder, "ssd_mobilenetv1_model-weights_manifest.json"), "ssd_mobilenetv1");
        return weights.Get("Output/extra_dim", 3).Values;
    });

    // Where each predictor's block starts among the square's anchors: 32x32x3, 16x16x6, 8x8x6, 4x4x6, 2x2x6, 1x1x6.
    private static readonly int[] SquareBlocks = [0, 3072, 4608, 4992, 5088, 5112, 5118];

    // The same for 384 rows: 24x32x3, 12x16x6, 6x8x6, 3x4x6, 2x2x6, 1x1x6.
    private static readonly int[] LandscapeBlocks = [0, 2304, 3456, 3744, 3816, 3840, 3846];

    [Fact]
    public void The_square_keeps_its_own_anchors_bit_for_bit()
    {
        Assert.Equal(5118, SsdAnchorGrid.Count(512, 512));
        Assert.Equal(Square.Value, SsdAnchorGrid.ForHeight(Square.Value, 512, 512));
    }

    [Fact]
    public void Down_to_the_three_row_map_384_rows_keep_the_squares_top_rows()
    {
        var landscape = SsdAnchorGrid.ForHeight(Square.Value, 512, 384);

        Assert.Equal(3846, SsdAnchorGrid.Count(384, 512));
        Assert.Equal(3846 * 4, landscape.Length);
        for (var p = 0; p < 4; p++)
        {
            var count = LandscapeBlocks[p + 1] - LandscapeBlocks[p];
            Assert.Equal(Square.Value.AsSpan(SquareBlocks[p] * 4, count * 4).ToArray(), landscape.AsSpan(LandscapeBlocks[p] * 4, count * 4).ToArray());
        }
    }

    [Fact]
    public void The_last_two_maps_move_their_anchors_with_their_receptive_fields()
    {
        var landscape = SsdAnchorGrid.ForHeight(Square.Value, 512, 384);

        // The 3-row map pads its odd rows on both sides, so the 2-row map's rows sit on its rows 0 and 2 (64 and 320 px)
        // instead of the square's 1 and 3 (192 and 448): 128 px higher, as is the 1x1 map read from them.
        Assert.Equal(128f, CentreY(Square.Value, SquareBlocks[4]), 0.01f);
        Assert.Equal(128f - 128f, CentreY(landscape, LandscapeBlocks[4]), 0.01f);
        Assert.Equal(384f - 128f, CentreY(landscape, LandscapeBlocks[4] + 12), 0.01f);
        Assert.Equal(256f - 128f, CentreY(landscape, LandscapeBlocks[5]), 0.01f);
        // Columns and sizes stay the square's.
        for (var i = 0; i < LandscapeBlocks[6] - LandscapeBlocks[4]; i++)
        {
            var moved = landscape.AsSpan((LandscapeBlocks[4] + i) * 4, 4);
            var square = Square.Value.AsSpan((SquareBlocks[4] + i) * 4, 4);
            Assert.Equal((square[1], square[3]), (moved[1], moved[3]));
            Assert.Equal(square[2] - square[0], moved[2] - moved[0], 1e-5f);
        }
    }

    [Fact]
    public void Anchors_off_their_feature_maps_grid_are_refused()
    {
        var shuffled = (float[])Square.Value.Clone();
        // Swap two cells of the 16x16 map: still 5118 anchors, no longer laid out row by row.
        (shuffled[3072 * 4], shuffled[3078 * 4]) = (shuffled[3078 * 4], shuffled[3072 * 4]);
        (shuffled[3072 * 4 + 2], shuffled[3078 * 4 + 2]) = (shuffled[3078 * 4 + 2], shuffled[3072 * 4 + 2]);
        (shuffled[3072 * 4 + 1], shuffled[3078 * 4 + 1]) = (shuffled[3078 * 4 + 1], shuffled[3072 * 4 + 1]);
        (shuffled[3072 * 4 + 3], shuffled[3078 * 4 + 3]) = (shuffled[3078 * 4 + 3], shuffled[3072 * 4 + 3]);

        var error = Assert.Throws<ModelImportException>(() => SsdAnchorGrid.ForHeight(shuffled, 512, 384));
        Assert.Contains("predictor 1", error.Message);
        Assert.Throws<ModelImportException>(() => SsdAnchorGrid.ForHeight(Square.Value[..^4], 512, 384));
    }

    private static float CentreY(float[] anchors, int index) => (anchors[index * 4] + anchors[index * 4 + 2]) / 2f * 512f;
}
