using Ledger.Vision.Detection;
using Xunit;

namespace Ledger.Vision.Tests.Detection;

public sealed class TinyFaceGridTests
{
    private const int Cells = 13;
    private const int InputSize = 416; // 32 px per cell

    [Fact]
    public void A_single_confident_cell_decodes_to_its_anchor_box()
    {
        var grid = EmptyGrid();
        // Cell (row 4, col 7), anchor 1 (6.041143 x 7.080126 cells); offsets 0 -> sigmoid 0.5, sizes 0 -> exp 1.
        Set(grid, row: 4, col: 7, anchor: 1, tx: 0, ty: 0, tw: 0, th: 0, score: 3f);

        var box = Assert.Single(TinyFaceGrid.Decode(grid, Cells, InputSize, 0.5f));

        Assert.Equal(1 / (1 + MathF.Exp(-3f)), box.Score, 5);
        Assert.Equal(7.5f * 32, box.Center.X, 3);
        Assert.Equal(4.5f * 32, box.Center.Y, 3);
        Assert.Equal(6.041143f * 32, box.Width, 3);
        Assert.Equal(7.080126f * 32, box.Height, 3);
    }

    [Fact]
    public void Offsets_and_sizes_follow_sigmoid_and_exp()
    {
        var grid = EmptyGrid();
        Set(grid, row: 0, col: 0, anchor: 0, tx: 2f, ty: -1f, tw: MathF.Log(2), th: MathF.Log(0.5f), score: 1f);

        var box = Assert.Single(TinyFaceGrid.Decode(grid, Cells, InputSize, 0.5f));

        Assert.Equal(Sigmoid(2f) * 32, box.Center.X, 3);
        Assert.Equal(Sigmoid(-1f) * 32, box.Center.Y, 3);
        Assert.Equal(2 * 1.603231f * 32, box.Width, 3);
        Assert.Equal(0.5f * 2.094468f * 32, box.Height, 3);
    }

    [Fact]
    public void Scores_at_or_under_the_threshold_are_dropped()
    {
        var grid = EmptyGrid();
        Set(grid, 1, 1, 2, 0, 0, 0, 0, score: 0f);    // sigmoid 0.5: not above 0.5
        Set(grid, 2, 2, 3, 0, 0, 0, 0, score: -2f);

        Assert.Empty(TinyFaceGrid.Decode(grid, Cells, InputSize, 0.5f));
    }

    [Fact]
    public void A_grid_of_the_wrong_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => TinyFaceGrid.Decode(new float[100], Cells, InputSize, 0.5f));

    private static float[] EmptyGrid()
    {
        var grid = new float[Cells * Cells * 25];
        for (int i = 4; i < grid.Length; i += 5)
            grid[i] = -10f; // every anchor confidently empty
        return grid;
    }

    private static void Set(float[] grid, int row, int col, int anchor, float tx, float ty, float tw, float th, float score)
    {
        var o = ((row * Cells + col) * 5 + anchor) * 5;
        (grid[o], grid[o + 1], grid[o + 2], grid[o + 3], grid[o + 4]) = (tx, ty, tw, th, score);
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
}
