using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Cli;

/// <summary>The work behind <c>ledger vision detect|compare|identify</c>: each returns the JSON document printed.</summary>
public static class VisionCommands
{
    public static async Task<string> DetectAsync(FaceVerifier verifier, string path) => VisionJson.Write(await DetectObjectAsync(verifier, path));

    public static async Task<string> CompareAsync(FaceVerifier verifier, string pathA, string pathB) =>
        VisionJson.Write(await CompareObjectAsync(verifier, pathA, pathB));

    /// <summary>1:N over <paramref name="galleryDir"/>/&lt;identity&gt;/*.{jpg,png,webp} or &lt;identity&gt;.{jpg,png,webp}.</summary>
    public static async Task<string> IdentifyAsync(FaceVerifier verifier, string path, string galleryDir) =>
        VisionJson.Write(await IdentifyObjectAsync(verifier, path, galleryDir));

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    private static async Task<object> DetectObjectAsync(FaceVerifier verifier, string path)
    {
        var analysis = await verifier.AnalyzeAsync(await ReadImageAsync(path), allFaces: true);
        return VisionJson.Analysis(path, analysis);
    }

    private static async Task<object> CompareObjectAsync(FaceVerifier verifier, string pathA, string pathB)
    {
        var a = await verifier.AnalyzeAsync(await ReadImageAsync(pathA));
        var b = await verifier.AnalyzeAsync(await ReadImageAsync(pathB));
        if (a.Chosen is null || b.Chosen is null)
            return new { decision = VerificationDecision.NoFace, a = VisionJson.Summary(pathA, a), b = VisionJson.Summary(pathB, b) };
        var result = verifier.Verify(a, b.Chosen.Template);
        return new
        {
            decision = result.Decision,
            distance = VisionJson.R(result.Distance ?? 0, 4),
            score = VisionJson.R(result.Score ?? 0, 4),
            threshold = result.Threshold,
            model = VisionJson.Model(verifier.RecognitionModel),
            a = VisionJson.Summary(pathA, a),
            b = VisionJson.Summary(pathB, b),
        };
    }

    private static async Task<object> IdentifyObjectAsync(FaceVerifier verifier, string path, string galleryDir)
    {
        if (!Directory.Exists(galleryDir))
            throw new DirectoryNotFoundException($"gallery folder '{galleryDir}' does not exist");
        var candidates = new List<Candidate>();
        var skipped = new List<string>();
        foreach (var (identity, file) in GalleryImages(galleryDir))
        {
            var analysis = await verifier.AnalyzeAsync(await ReadImageAsync(file));
            // An enrolment image must show exactly one person; a group photo in the folder is skipped.
            if (analysis is { FacesSeen: 1, Chosen: { } face })
                candidates.Add(new Candidate(identity, face.Template));
            else
                skipped.Add(file);
        }
        if (candidates.Count == 0)
            throw new InvalidDataException($"gallery folder '{galleryDir}' holds no usable face image");
        var probe = await verifier.AnalyzeAsync(await ReadImageAsync(path));
        var result = verifier.Identify(probe, candidates);
        return new
        {
            decision = result.Decision,
            candidateId = result.CandidateId,
            distance = result.Distance is { } d ? VisionJson.R(d, 4) : (double?)null,
            score = result.Score is { } s ? VisionJson.R(s, 4) : (double?)null,
            runnerUpDistance = result.RunnerUpDistance is { } r ? VisionJson.R(r, 4) : (double?)null,
            threshold = result.Threshold,
            margin = result.Margin,
            gallery = new { templates = candidates.Count, identities = candidates.Select(c => c.Id).Distinct().Count(), skipped },
            model = VisionJson.Model(verifier.RecognitionModel),
            probe = VisionJson.Summary(path, probe),
        };
    }

    // DIR/<identity>/<image> and DIR/<identity>.<ext>, in a stable order.
    private static IEnumerable<(string Identity, string File)> GalleryImages(string dir)
    {
        static bool IsImage(string f) => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant());
        foreach (var file in Directory.GetFiles(dir).Where(IsImage).Order(StringComparer.Ordinal))
            yield return (Path.GetFileNameWithoutExtension(file), file);
        foreach (var sub in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        foreach (var file in Directory.GetFiles(sub).Where(IsImage).Order(StringComparer.Ordinal))
            yield return (Path.GetFileName(sub), file);
    }

    private static async Task<byte[]> ReadImageAsync(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"image '{path}' does not exist", path);
        return await File.ReadAllBytesAsync(path);
    }
}
