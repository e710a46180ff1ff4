using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using SkiaSharp;

namespace Ledger.Bench.FacePay;

/// <summary>
/// What a till's camera sends for a live challenge: 640x480 JPEG frames of one person turning. The frames are three of
/// the person's photos (crops 2–5 of ../shared/faces) whose head poses make a clear turn (the ends 0.2 apart in yaw,
/// as docs/PAD.md's bona fide sequences) and whose descriptors are all within the same-person threshold, each set on a
/// 640x480 frame; ordered by yaw for the turn the challenge names.
/// </summary>
internal sealed class ChallengeFrames
{
    public const int Width = 640;
    public const int Height = 480;

    private static readonly float SamePerson = LiveChallengeThresholds.Default.MaxDistanceToFirst;

    private readonly List<(string Person, List<(byte[] Frame, float Yaw)> Frames)> _sequences;

    private ChallengeFrames(List<(string Person, List<(byte[] Frame, float Yaw)> Frames)> sequences) => _sequences = sequences;

    public int Count => _sequences.Count;

    public static ChallengeFrames Build(FaceSet faces, FaceVerifier verifier)
    {
        var sequences = new List<(string, List<(byte[], float)>)>();
        foreach (var person in faces.People)
        {
            var frames = Enumerable.Range(2, 4).Select(n =>
            {
                var frame = Frame(faces.Photo(person, n));
                var face = verifier.Analyze(frame).Chosen ?? throw new InvalidOperationException($"no face in {person}/{n} as a 640x480 frame");
                return (Frame: frame, Yaw: HeadPose.Of(face.Landmarks).Yaw, face.Template);
            }).ToList();
            foreach (var triple in Triples(frames.Count))
            {
                var chosen = triple.Select(i => frames[i]).OrderBy(f => f.Yaw).ToList();
                // Photos of one person taken on different days, not frames of one capture: a pair over the same-person
                // threshold (stuart's, docs/PAD.md) is refused whichever way it turns, and the bench times authorized
                // payments. Accuracy is measured elsewhere (LiveChallengeAccuracyTests); here such a sequence only adds declines.
                var samePerson = chosen.All(a => chosen.All(b => FaceDistance.Between(a.Template, b.Template) <= SamePerson));
                if (chosen[^1].Yaw - chosen[0].Yaw >= 0.2f && samePerson) sequences.Add((person, chosen.Select(f => (f.Frame, f.Yaw)).ToList()));
            }
        }
        return new ChallengeFrames(sequences);
    }

    /// <summary>Sequence <paramref name="index"/> (modulo the count) in the order of <paramref name="movement"/> (turn_left: yaw rising).</summary>
    public (string Person, IReadOnlyList<byte[]> Frames) For(int index, string movement)
    {
        var (person, frames) = _sequences[index % _sequences.Count];
        var ordered = frames.Select(f => f.Frame).ToList();
        if (movement == "turn_right") ordered.Reverse();
        else if (movement != "turn_left") throw new InvalidOperationException($"the bench plays turns only, not {movement}");
        return (person, ordered);
    }

    private static IEnumerable<int[]> Triples(int n) =>
        from a in Enumerable.Range(0, n) from b in Enumerable.Range(a + 1, n - a - 1) from c in Enumerable.Range(b + 1, n - b - 1) select new[] { a, b, c };

    // The photo scaled to 400 px high in the middle of a grey 640x480 frame, JPEG quality 90: a camera's frame size and
    // encoding, with the face as large as a shopper's at a till.
    private static byte[] Frame(byte[] photo)
    {
        using var source = SKBitmap.Decode(photo) ?? throw new InvalidOperationException("a shared face photo does not decode");
        var scale = 400f / source.Height;
        var (w, h) = (source.Width * scale, source.Height * scale);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, SKRect.Create((Width - w) / 2, (Height - h) / 2, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }
}
