using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Vision.Tests.Parity;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// <c>Reference/fixtures/pad-parity.json</c>, written by <c>Reference/pad-reference.js</c> from human's original
/// graph models on tfjs: network inputs with their outputs, and images with face boxes run through human's crop.
/// </summary>
internal sealed record PadReferenceFixture(string Human, string Tfjs, string Backend, IReadOnlyList<PadReferenceCase> Cases)
{
    private static readonly Lazy<PadReferenceFixture> Loaded = new(() =>
        JsonSerializer.Deserialize<PadReferenceFixture>(
            File.ReadAllText(Path.Combine(RepositoryPaths.ReferenceFixtures, "pad-parity.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static PadReferenceFixture Instance => Loaded.Value;

    public IEnumerable<PadReferenceCase> OfKind(string kind, string? model = null) =>
        Cases.Where(c => c.Kind == kind && (model is null || c.Model == model));

    public PadReferenceCase Get(string kind, string? model, string name) =>
        Cases.Single(c => c.Kind == kind && c.Model == model && c.Name == name);
}

internal sealed record PadReferenceCase(
    string Kind,
    string? Model,
    string Name,
    int Size,
    IReadOnlyList<string> Channels,
    string InputSha256,
    double[]? Output,
    Dictionary<string, double[]>? Outputs,
    float[]? Box,
    int[]? HumanBox)
{
    /// <summary>
    /// The RGB bytes pad-reference.js built: channel c of pixel (x, y) is grey image <c>Channels[c]</c> sampled
    /// nearest-neighbour at floor(x * w / size), floor(y * h / size); checked against the fixture's SHA-256.
    /// </summary>
    public byte[] BuildRgb()
    {
        var rgb = new byte[Size * Size * 3];
        for (var c = 0; c < 3; c++)
        {
            var png = GrayPng.Read(Path.Combine(RepositoryPaths.Faces, Channels[c] + ".png"));
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    rgb[(y * Size + x) * 3 + c] = png.Pixels[y * png.Height / Size * png.Width + x * png.Width / Size];
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(rgb));
        if (sha != InputSha256)
            throw new InvalidOperationException($"{this}: rebuilt input differs from the one pad-reference.js fed the original network ({sha} vs {InputSha256})");
        return rgb;
    }

    public float[] BuildInput() => Array.ConvertAll(BuildRgb(), b => (float)b);

    public override string ToString() => $"{Kind}/{Model ?? "pipeline"}/{Name}";
}
