using System.Numerics;

namespace Ledger.Vision.PresentationAttack;

/// <summary>
/// The plane-to-plane projective map that best carries one set of points onto another (least squares on the
/// algebraic error, h33 = 1, after Hartley's normalisation), and how far the points land from where it puts them.
/// Every view of a flat picture (a print, a screen) is such a map of every other, whatever the tilt; a head that
/// turns is not flat, so its landmarks leave a residual that a photo does not.
/// </summary>
public static class Homography
{
    /// <summary>Root-mean-square distance between <paramref name="to"/> and the fitted map of <paramref name="from"/>, in the units of the points.</summary>
    public static float Residual(IReadOnlyList<Vector2> from, IReadOnlyList<Vector2> to)
    {
        var map = Fit(from, to);
        double sum = 0;
        for (var i = 0; i < from.Count; i++) sum += Vector2.DistanceSquared(map(from[i]), to[i]);
        return (float)Math.Sqrt(sum / from.Count);
    }

    /// <summary>The best plane-to-plane map of <paramref name="from"/> onto <paramref name="to"/>, in the points' own units.</summary>
    public static Func<Vector2, Vector2> Fit(IReadOnlyList<Vector2> from, IReadOnlyList<Vector2> to)
    {
        if (from.Count != to.Count || from.Count < 5)
            throw new ArgumentException("A homography needs the same 5 or more points on both sides.");
        var (a, ta) = Normalise(from);
        var (b, tb) = Normalise(to);
        var h = Fit(a, b);
        Matrix3x2.Invert(tb, out var back);
        // Into the normalised source frame, through the map, back to the target's own units.
        return p => Vector2.Transform(Apply(h, Vector2.Transform(p, ta)), back);
    }

    private static Vector2 Apply(double[] h, Vector2 p)
    {
        var w = h[6] * p.X + h[7] * p.Y + 1;
        return new Vector2((float)((h[0] * p.X + h[1] * p.Y + h[2]) / w), (float)((h[3] * p.X + h[4] * p.Y + h[5]) / w));
    }

    /// <summary>Solves the 8 unknowns of H (h33 = 1) from the normal equations of the 2N linear equations.</summary>
    private static double[] Fit(Vector2[] a, Vector2[] b)
    {
        var ata = new double[8, 8];
        var atb = new double[8];
        void Add(double[] row, double rhs)
        {
            for (var i = 0; i < 8; i++)
            {
                atb[i] += row[i] * rhs;
                for (var j = 0; j < 8; j++) ata[i, j] += row[i] * row[j];
            }
        }
        for (var i = 0; i < a.Length; i++)
        {
            double x = a[i].X, y = a[i].Y, u = b[i].X, v = b[i].Y;
            Add([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
            Add([0, 0, 0, x, y, 1, -v * x, -v * y], v);
        }
        return Solve(ata, atb);
    }

    /// <summary>Gaussian elimination with partial pivoting; a singular system (all points on a line) maps nothing.</summary>
    private static double[] Solve(double[,] m, double[] r)
    {
        const int n = 8;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            if (Math.Abs(m[pivot, col]) < 1e-12) throw new ArgumentException("The points do not determine a homography (they lie on a line).");
            if (pivot != col)
            {
                for (var k = 0; k < n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                (r[col], r[pivot]) = (r[pivot], r[col]);
            }
            for (var row = col + 1; row < n; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < n; k++) m[row, k] -= f * m[col, k];
                r[row] -= f * r[col];
            }
        }
        var h = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var s = r[row];
            for (var k = row + 1; k < n; k++) s -= m[row, k] * h[k];
            h[row] = s / m[row, row];
        }
        return h;
    }

    /// <summary>Centroid to the origin, mean distance √2: keeps the normal equations well conditioned.</summary>
    private static (Vector2[] Points, Matrix3x2 Transform) Normalise(IReadOnlyList<Vector2> points)
    {
        var centroid = Vector2.Zero;
        foreach (var p in points) centroid += p;
        centroid /= points.Count;
        double spread = 0;
        foreach (var p in points) spread += Vector2.Distance(p, centroid);
        var scale = spread <= 0 ? 1f : (float)(Math.Sqrt(2) * points.Count / spread);
        var transform = Matrix3x2.CreateTranslation(-centroid) * Matrix3x2.CreateScale(scale);
        return (points.Select(p => Vector2.Transform(p, transform)).ToArray(), transform);
    }
}
