using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Vision.Detection;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;

namespace Ledger.Cli;

/// <summary>The JSON shapes the operator CLI prints: plain, rounded, stable property names.</summary>
internal static class VisionJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Operators read this output: keep '+' in versions and non-ASCII file names literal.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(object value) => JsonSerializer.Serialize(value, Options);

    public static object Analysis(string path, FaceAnalysis a) => new
    {
        image = path,
        width = a.ImageWidth,
        height = a.ImageHeight,
        facesSeen = a.FacesSeen,
        route = a.Route,
        chosenIndex = a.ChosenIndex,
        faces = a.Detections.Select((box, i) => Face(box, i == a.ChosenIndex, a.Faces.FirstOrDefault(f => f.Box == box))).ToList(),
        detector = Model(a.Detector),
        recognition = Model(a.Recognition),
        timingsMs = Timings(a.Timings),
    };

    public static object Summary(string path, FaceAnalysis a) => new
    {
        image = path,
        facesSeen = a.FacesSeen,
        route = a.Route,
        face = a.Chosen is { } c ? Face(c.Box, true, c) : null,
        timingsMs = Timings(a.Timings),
    };

    public static object Model(ModelInfo m) => new { id = m.Id, version = m.Version, sha256 = m.Sha256 };

    public static object Timings(StageTimings t) => new
    {
        decode = R(t.DecodeMs, 2), detect = R(t.DetectMs, 2), landmarks = R(t.LandmarksMs, 2),
        align = R(t.AlignMs, 2), embed = R(t.EmbedMs, 2), total = R(t.TotalMs, 2),
    };

    private static object Face(FaceBox box, bool chosen, AnalyzedFace? analysed) => new
    {
        chosen,
        box = new { x = R(box.X), y = R(box.Y), width = R(box.Width), height = R(box.Height) },
        score = R(box.Score, 4),
        quality = analysed?.Quality is { } q
            ? new
            {
                faceWidthPx = R(q.FaceWidthPx), faceHeightPx = R(q.FaceHeightPx), interocularPx = R(q.InterocularPx),
                sharpness = R(q.Sharpness), frontalness = R(q.Frontalness, 3), rollDegrees = R(q.RollDegrees),
            }
            : null,
        eyes = analysed is null ? null : new[]
        {
            new { x = R(analysed.Landmarks.LeftEye.X), y = R(analysed.Landmarks.LeftEye.Y) },
            new { x = R(analysed.Landmarks.RightEye.X), y = R(analysed.Landmarks.RightEye.Y) },
        },
    };

    public static double R(double v, int digits = 1) => Math.Round(v, digits);
}
