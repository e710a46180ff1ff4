namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// Crude, seeded simulations of a face crop shown to the camera as an artefact instead of a face: the crop
/// (192x192 RGB 0..255, as human cuts it) is changed the way a print or a screen changes it. Simulations,
/// not captures: they show which way a network's output moves, not how it would do on real attacks.
/// </summary>
internal static class SimulatedPresentations
{
    public const int Side = 192;

    public static readonly IReadOnlyList<(string Name, Func<float[], int, float[]> Apply)> All =
    [
        ("blurred (defocused print or screen, sigma 2.5 px)", (crop, _) => Blur(crop, 2.5)),
        ("halftone print (4 px dot screen, gamut loss, paper noise)", Halftone),
        ("screen replay (RGB subpixel moire, gamma 0.8)", ScreenReplay),
        ("flattened (half contrast, half saturation)", (crop, _) => Flatten(crop, 0.5f, 0.5f)),
    ];

    public static float[] Blur(float[] crop, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        kernel = kernel.Select(k => k / sum).ToArray();
        var horizontal = Convolve(crop, kernel, radius, dx: 1, dy: 0);
        return Convolve(horizontal, kernel, radius, dx: 0, dy: 1);
    }

    /// <summary>Each ink (C, M, Y) through a clustered-dot screen at its own angle, printed on paper with less gamut, then seen slightly soft.</summary>
    public static float[] Halftone(float[] crop, int seed)
    {
        var random = new Random(seed);
        var flat = Flatten(crop, 0.85f, 0.8f);
        var printed = new float[flat.Length];
        double[] angles = [15 * Math.PI / 180, 75 * Math.PI / 180, 0];
        const double period = 4;
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                for (var k = 0; k < 3; k++)
                {
                    var ink = 1 - flat[(y * Side + x) * 3 + k] / 255.0;
                    double u = x * Math.Cos(angles[k]) + y * Math.Sin(angles[k]), v = -x * Math.Sin(angles[k]) + y * Math.Cos(angles[k]);
                    // Distance to the dot centre of this screen cell, 0 at the centre and about 1 at the corners.
                    var du = u / period - Math.Floor(u / period) - 0.5;
                    var dv = v / period - Math.Floor(v / period) - 0.5;
                    var covered = Math.Sqrt(2 * (du * du + dv * dv)) < Math.Sqrt(ink);
                    var paper = 235 + random.NextDouble() * 20 - 10;
                    printed[(y * Side + x) * 3 + k] = (float)(covered ? 35 + random.NextDouble() * 10 : paper);
                }
        return Blur(printed, 1.0);
    }

    /// <summary>Shown on an LCD filmed by the camera: R, G and B subpixel stripes at a pitch the crop does not share (moiré), a gamma shift and glow.</summary>
    public static float[] ScreenReplay(float[] crop, int seed)
    {
        var random = new Random(seed);
        var pitch = 3.3 + random.NextDouble() * 0.4;
        var screen = new float[crop.Length];
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
            {
                var phase = x / pitch - Math.Floor(x / pitch);
                var row = y / pitch - Math.Floor(y / pitch) < 0.85 ? 1.0 : 0.35; // the dark gap between pixel rows
                for (var k = 0; k < 3; k++)
                {
                    var lit = (int)(phase * 3) == k ? 1.0 : 0.25;
                    var value = 255 * Math.Pow(crop[(y * Side + x) * 3 + k] / 255.0, 0.8);
                    screen[(y * Side + x) * 3 + k] = (float)Math.Min(255, value * lit * row * 1.6 + 12);
                }
            }
        return Blur(screen, 0.8);
    }

    /// <summary>Contrast and saturation scaled about mid-grey and the pixel's grey.</summary>
    public static float[] Flatten(float[] crop, float contrast, float saturation)
    {
        var output = new float[crop.Length];
        for (var i = 0; i < crop.Length; i += 3)
        {
            var grey = (crop[i] + crop[i + 1] + crop[i + 2]) / 3;
            for (var k = 0; k < 3; k++)
            {
                var saturated = grey + (crop[i + k] - grey) * saturation;
                output[i + k] = 128 + (saturated - 128) * contrast;
            }
        }
        return output;
    }

    private static float[] Convolve(float[] image, double[] kernel, int radius, int dx, int dy)
    {
        var output = new float[image.Length];
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                for (var k = 0; k < 3; k++)
                {
                    double sum = 0;
                    for (var i = -radius; i <= radius; i++)
                    {
                        int sx = Math.Clamp(x + i * dx, 0, Side - 1), sy = Math.Clamp(y + i * dy, 0, Side - 1);
                        sum += kernel[i + radius] * image[(sy * Side + sx) * 3 + k];
                    }
                    output[(y * Side + x) * 3 + k] = (float)sum;
                }
        return output;
    }
}
