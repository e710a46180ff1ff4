using Ledger.Vision.Embedding;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using SkiaSharp;

namespace Ledger.Bench.FacePay;

/// <summary>
/// What a till's camera sends for a live challenge: 640x480 JPEG frames of one person turning. The frames are three of
/// the person's photos (crops 2–5 of ../shared/faces) whose head poses make a clear turn (the ends 0.2 apart in yaw,
/// as docs/PAD.md's bona fide sequences) and whose descriptors are all within the same-person threshold, each set on a
/// 640x480 frame, in the order of the turn the challenge names. Two kinds (<see cref="Kind"/>):
/// <list type="bullet">
/// <item><c>from-facing</c> (the default): the turn starts from the photo facing the camera most, as a shopper who looks
/// at the till's screen when the challenge appears and then turns as it says (docs/TERMINALS.md). Each such triple
/// turns one way only, so the challenge's movement picks among the triples that turn its way.</item>
/// <item><c>sweep</c> (<c>FACEPAY_SEQUENCES=sweep</c>): any triple ordered by yaw, either way; the photo facing the camera
/// most is then often in the middle, and the service detects twice (the first frame and the compared one).</item>
/// </list>
/// </summary>
internal sealed class ChallengeFrames
{
    public const int Width = 640;
    public const int Height = 480;

    private static readonly float SamePerson = LiveChallengeThresholds.Default.MaxDistanceToFirst;

    private readonly Dictionary<string, List<(string Person, IReadOnlyList<byte[]> Frames)>> _byMovement;

    private ChallengeFrames(string kind, Dictionary<string, List<(string Person, IReadOnlyList<byte[]> Frames)>> byMovement) =>
        (Kind, _byMovement) = (kind, byMovement);

    /// <summary><c>from-facing</c> or <c>sweep</c>.</summary>
    public string Kind { get; }

    /// <summary>The sequences there are, over both turns.</summary>
    public int Count => _byMovement.Values.Sum(l => l.Count);

    /// <summary>The sequences of each turn, e.g. "turn_left 9, turn_right 7".</summary>
    public string Describe() => string.Join(", ", _byMovement.Select(m => $"{m.Key} {m.Value.Count}"));

    public static ChallengeFrames Build(FaceSet faces, FaceVerifier verifier, string kind = "from-facing")
    {
        if (kind is not ("from-facing" or "sweep")) throw new ArgumentException($"sequences are from-facing or sweep, not {kind}", nameof(kind));
        var byMovement = new Dictionary<string, List<(string, IReadOnlyList<byte[]>)>> { ["turn_left"] = [], ["turn_right"] = [] };
        foreach (var person in faces.People)
        {
            var photos = Enumerable.Range(2, 4).Select(n => faces.Photo(person, n)).ToList();
            var frames = photos.Select(p => Posed(verifier, Frame(p, mirror: false), person)).ToList();
            var mirrored = kind == "sweep" ? null : photos.Select(p => Posed(verifier, Frame(p, mirror: true), person)).ToList();
            foreach (var triple in Triples(frames.Count))
            {
                // turn_left: yaw rising.
                var rising = triple.Select(i => frames[i]).OrderBy(f => f.Yaw).ToList();
                // Photos of one person taken on different days, not frames of one capture: a pair over the same-person
                // threshold (stuart's, docs/PAD.md) is refused whichever way it turns, and the bench times authorized
                // payments. Accuracy is measured elsewhere (LiveChallengeAccuracyTests); here such a sequence only adds declines.
                if (rising[^1].Yaw - rising[0].Yaw < MinTurn || !SamePersonAll(rising)) continue;
                if (mirrored is null)
                {
                    byMovement["turn_left"].Add((person, rising.Select(f => f.Frame).ToList()));
                    byMovement["turn_right"].Add((person, Enumerable.Reverse(rising).Select(f => f.Frame).ToList()));
                    continue;
                }
                // From the photo facing the camera most, as taken; each of the other two as taken when it is turned the
                // way the turn goes, else mirrored (the same pose of the other side of the head).
                var facing = triple.MinBy(i => Math.Abs(frames[i].Yaw));
                foreach (var (movement, sign) in new[] { ("turn_left", 1f), ("turn_right", -1f) })
                {
                    var turn = triple.Where(i => i != facing)
                        .Select(i => sign * frames[i].Yaw > sign * frames[facing].Yaw ? frames[i] : mirrored[i])
                        .OrderBy(f => sign * f.Yaw).Prepend(frames[facing]).ToList();
                    var along = turn.Select(f => sign * f.Yaw).ToList();
                    if (along.Zip(along.Skip(1)).All(s => s.Second > s.First) && along[^1] - along[0] >= MinTurn && SamePersonAll(turn))
                        byMovement[movement].Add((person, turn.Select(f => f.Frame).ToList()));
                }
            }
        }
        var built = new ChallengeFrames(kind, byMovement);
        if (byMovement.Values.Any(l => l.Count == 0)) throw new InvalidOperationException($"no {kind} sequence for one of the turns: {built.Describe()}");
        return built;
    }

    /// <summary>Yaw between a sequence's ends for a clear turn: docs/PAD.md's bona fide sequences, twice what the judge needs.</summary>
    private const float MinTurn = 0.2f;

    private static bool SamePersonAll(IReadOnlyList<(byte[] Frame, float Yaw, FaceTemplate Template)> frames) =>
        frames.All(a => frames.All(b => FaceDistance.Between(a.Template, b.Template) <= SamePerson));

    private static (byte[] Frame, float Yaw, FaceTemplate Template) Posed(FaceVerifier verifier, byte[] frame, string person)
    {
        var face = verifier.Analyze(frame).Chosen ?? throw new InvalidOperationException($"no face in a 640x480 frame of {person}");
        return (frame, HeadPose.Of(face.Landmarks).Yaw, face.Template);
    }

    private readonly Dictionary<string, int> _next = new() { ["turn_left"] = -1, ["turn_right"] = -1 };

    /// <summary>
    /// The next sequence in rotation (each turn's its own) that turns as <paramref name="movement"/> says and whose person <paramref name="free"/>
    /// allows (a caller that takes the person in <paramref name="free"/> holds its own lock around the call), and its name.
    /// </summary>
    public (string Person, IReadOnlyList<byte[]> Frames, string Name) Next(string movement, Func<string, bool> free)
    {
        if (!_byMovement.TryGetValue(movement, out var sequences)) throw new InvalidOperationException($"the bench plays turns only, not {movement}");
        lock (_next)
        {
            for (var tried = 0; tried < sequences.Count; tried++)
            {
                var index = ++_next[movement] % sequences.Count;
                if (free(sequences[index].Person))
                    return (sequences[index].Person, sequences[index].Frames, Name(movement, index, sequences[index].Person));
            }
        }
        throw new InvalidOperationException($"every {movement} sequence's person is taken");
    }

    /// <summary>How many people have a sequence for each turn, the fewest of the two.</summary>
    public int PeoplePerTurn => _byMovement.Values.Min(l => l.Select(s => s.Person).Distinct().Count());

    /// <summary>Every sequence's name.</summary>
    public IEnumerable<string> Names => _byMovement.SelectMany(m => m.Value.Select((s, i) => Name(m.Key, i, s.Person)));

    private static string Name(string movement, int index, string person) => $"{movement} #{index} ({person})";

    /// <summary>
    /// These sequences without <paramref name="declined"/> (names as <see cref="Next"/> gives them): the bench times
    /// authorized payments, and which photos the service declines is measured elsewhere (docs/PAD.md).
    /// </summary>
    public ChallengeFrames Without(IReadOnlySet<string> declined)
    {
        var kept = _byMovement.ToDictionary(m => m.Key, m => m.Value.Where((s, i) => !declined.Contains(Name(m.Key, i, s.Person))).ToList());
        if (kept.Values.Any(l => l.Count == 0)) throw new InvalidOperationException($"the service declined every sequence of a turn: {string.Join(", ", declined)}");
        return new ChallengeFrames(Kind, kept);
    }

    private static IEnumerable<int[]> Triples(int n) =>
        from a in Enumerable.Range(0, n) from b in Enumerable.Range(a + 1, n - a - 1) from c in Enumerable.Range(b + 1, n - b - 1) select new[] { a, b, c };

    // The photo scaled to 400 px high in the middle of a grey 640x480 frame, JPEG quality 90: a camera's frame size and
    // encoding, with the face as large as a shopper's at a till; mirrored left to right when asked.
    private static byte[] Frame(byte[] photo, bool mirror)
    {
        using var source = SKBitmap.Decode(photo) ?? throw new InvalidOperationException("a shared face photo does not decode");
        var scale = 400f / source.Height;
        var (w, h) = (source.Width * scale, source.Height * scale);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(source);
        if (mirror) surface.Canvas.Scale(-1, 1, Width / 2f, 0);
        surface.Canvas.DrawImage(image, SKRect.Create((Width - w) / 2, (Height - h) / 2, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }
}
