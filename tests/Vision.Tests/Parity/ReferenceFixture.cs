using System.Security.Cryptography;
using System.Text.Json;

namespace Ledger.Vision.Tests.Parity;

/// <summary>
/// <c>Reference/fixtures/parity.json</c>, written by <c>Reference/reference.js</c> from the original
/// face-api.js networks: per case, how the input was built, its SHA-256, and the network's outputs.
/// </summary>
internal sealed record ReferenceFixture(string FaceApi, string Tfjs, string Backend, IReadOnlyList<ReferenceCase> Cases)
{
    private static readonly Lazy<ReferenceFixture> Loaded = new(() =>
        JsonSerializer.Deserialize<ReferenceFixture>(
            File.ReadAllText(Path.Combine(RepositoryPaths.ReferenceFixtures, "parity.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static ReferenceFixture Instance => Loaded.Value;

    public IEnumerable<ReferenceCase> For(string model) => Cases.Where(c => c.Model == model);

    public ReferenceCase Get(string model, string name) => Cases.Single(c => c.Model == model && c.Name == name);
}

internal sealed record ReferenceCase(
    string Model,
    string Name,
    int Size,
    IReadOnlyList<Placement> Placements,
    string InputSha256,
    Dictionary<string, double[]> Outputs,
    IReadOnlyList<ReferenceDetection> Detections)
{
    /// <summary>
    /// Rebuilds the input exactly as reference.js does (zeros, crops scaled nearest-neighbour with
    /// integer arithmetic) and checks it against the fixture's SHA-256.
    /// </summary>
    public float[] BuildInput()
    {
        var rgb = new byte[Size * Size * 3];
        foreach (var p in Placements)
        {
            var png = GrayPng.Read(Path.Combine(RepositoryPaths.Faces, p.Image + ".png"));
            for (var y = 0; y < p.Side; y++)
            {
                var sy = y * png.Height / p.Side;
                for (var x = 0; x < p.Side; x++)
                {
                    var sx = x * png.Width / p.Side;
                    var value = png.Pixels[sy * png.Width + sx];
                    var dst = ((p.Y + y) * Size + p.X + x) * 3;
                    rgb[dst] = rgb[dst + 1] = rgb[dst + 2] = value;
                }
            }
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(rgb));
        if (sha != InputSha256)
            throw new InvalidOperationException(
                $"{Model}/{Name}: rebuilt input differs from the one reference.js fed the original network ({sha} vs {InputSha256})");
        return Array.ConvertAll(rgb, b => (float)b);
    }

    public override string ToString() => $"{Model}/{Name}";
}

internal sealed record Placement(string Image, int X, int Y, int Side);

/// <summary>A face-api.js detection in input pixels.</summary>
internal sealed record ReferenceDetection(double Score, double X, double Y, double Width, double Height);
