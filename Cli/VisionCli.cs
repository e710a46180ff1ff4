using System.CommandLine;
using System.Globalization;
using Ledger.Vision.Alignment;
using Ledger.Vision.Detection;
using Ledger.Vision.Evaluation;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;

namespace Ledger.Cli;

/// <summary>
/// <c>ledger vision detect|compare|identify|evaluate</c> for tuning and debugging the face models: each prints one
/// JSON document (evaluate: a Markdown report). No database is needed.
/// </summary>
internal static class VisionCli
{
    public static Command Build(CliContext cli)
    {
        var defaults = new VisionOptions();
        var pack = new Option<string?>("--pack") { Description = "model pack folder (default: $LEDGER_MODELS, else .models/pack here or in a parent folder)", HelpName = "DIR", Recursive = true };
        var detector = new Option<DetectorKind>("--detector") { Description = "first detector (default ssd)", HelpName = "ssd|tiny", Recursive = true };
        detector.CustomParser = r => r.Tokens[0].Value switch
        {
            "ssd" => DetectorKind.Ssd,
            "tiny" => DetectorKind.Tiny,
            var other => Error(r, $"--detector must be 'ssd' or 'tiny', got '{other}'", DetectorKind.Ssd),
        };
        var alignment = new Option<AlignmentMode>("--alignment") { Description = "chip cutting: ours (default) or face-api.js's unrotated box", HelpName = "similarity|bbox", Recursive = true };
        alignment.CustomParser = r => r.Tokens[0].Value switch
        {
            "similarity" => AlignmentMode.Similarity,
            "bbox" => AlignmentMode.BoundingBox,
            var other => Error(r, $"--alignment must be 'similarity' or 'bbox', got '{other}'", AlignmentMode.Similarity),
        };
        var threshold = Distance("--threshold", $"match distance threshold (default {defaults.MatchThreshold})", positive: true);
        var margin = Distance("--margin", $"identify: lead over the runner-up (default {defaults.IdentificationMargin})", positive: false);
        var noFallback = new Option<bool>("--no-fallback") { Description = "no border retry or whole-frame fallback when the detector finds nothing", Recursive = true };

        VisionOptions Options(ParseResult parse) => defaults with
            {
                ModelPackDirectory = parse.GetValue(pack) ?? ModelPackLocator.Find(),
                Detector = parse.GetValue(detector),
                Alignment = parse.GetValue(alignment),
                DetectorFallback = !parse.GetValue(noFallback),
                // An operator's one-off run on a busy host: no terminal is waiting, so do not cut it short.
                InferenceTimeout = TimeSpan.FromMinutes(1),
                MatchThreshold = parse.GetValue(threshold) ?? defaults.MatchThreshold,
                IdentificationMargin = parse.GetValue(margin) ?? defaults.IdentificationMargin,
            };

        FaceVerifier Verifier(ParseResult parse, out VisionModels models)
        {
            var options = Options(parse);
            models = VisionModels.Load(options);
            return FaceVerifier.Create(models, options);
        }

        Command Verb(string name, string description, Argument<string>[] images, Option[] options, Func<ParseResult, FaceVerifier, Task<string>> run)
        {
            var command = new Command(name, description);
            foreach (var image in images) command.Arguments.Add(image);
            foreach (var option in options) command.Options.Add(option);
            command.SetAction(async parse =>
            {
                var verifier = Verifier(parse, out var models);
                using (models)
                    await cli.Out.WriteLineAsync(await run(parse, verifier));
                return 0;
            });
            return command;
        }

        var image = Path("IMAGE", "an image file (jpg, png, webp)");
        var (imageA, imageB) = (Path("IMAGE_A", "first image"), Path("IMAGE_B", "second image"));
        var gallery = new Option<string>("--gallery") { Description = "DIR/<identity>/*.{jpg,png,webp} or DIR/<identity>.{jpg,png,webp}; images with more than one face are skipped", HelpName = "DIR", Required = true };
        var folder = Path("DIR", "labelled images DIR/<identity>/<image>");
        var exclude = new Option<string?>("--exclude") { Description = "identities to leave out, comma separated", HelpName = "a,b" };
        var recognizers = new Option<string?>("--recognizers") { Description = "compare these recognizers of the pack side by side, comma separated (e.g. face_recognition,mobilefacenet,mobileface,faceres)", HelpName = "a,b" };
        var target = new Option<double>("--far-target") { Description = "per-comparison false-accept target the operating thresholds are chosen for (default 1e-4)", HelpName = "X", DefaultValueFactory = _ => 1e-4 };

        var command = new Command("vision", "The face models on images, for tuning and debugging.")
        {
            Verb("detect", "Faces with boxes, eyes and quality signals.", [image], [], (p, v) => VisionCommands.DetectAsync(v, p.GetValue(image)!)),
            Verb("compare", "Distance, score and decision between the chosen faces.", [imageA, imageB], [],
                (p, v) => VisionCommands.CompareAsync(v, p.GetValue(imageA)!, p.GetValue(imageB)!)),
            Verb("identify", "1:N over a gallery folder.", [image], [gallery], (p, v) => VisionCommands.IdentifyAsync(v, p.GetValue(image)!, p.GetValue(gallery)!)),
            Verb("evaluate", "All pairs of a labelled folder: EER, accept rates, every distance (a Markdown report); with --recognizers, a side-by-side table.",
                [folder], [exclude, recognizers, target], (p, v) =>
            {
                var left = (p.GetValue(exclude) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var images = LabelledFaces.Load(p.GetValue(folder)!, left);
                if (p.GetValue(recognizers) is not { } ids)
                    return Task.FromResult(EvaluationReport.Format(PairEvaluation.Run(v, images)));
                var options = Options(p);
                using var models = VisionModels.Load(options);
                var evidence = $"../shared/faces without {string.Join(", ", left)}: ledger vision evaluate --recognizers {ids}";
                return Task.FromResult(RecognizerComparison.Format(RecognizerComparison.Run(models, options,
                    ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), images, p.GetValue(target), evidence)));
            }),
        };
        foreach (var option in new Option[] { pack, detector, alignment, threshold, margin, noFallback }) command.Options.Add(option);
        return command;
    }

    private static Argument<string> Path(string name, string description) => new(name) { Description = description };

    private static Option<float?> Distance(string name, string description, bool positive) => new(name)
    {
        Description = description,
        HelpName = "X",
        Recursive = true,
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) && (positive ? value > 0 : value >= 0))
                return value;
            return Error<float?>(r, $"{name} needs a {(positive ? "positive" : "non-negative")} number, got '{text}'", null);
        },
    };

    private static T Error<T>(System.CommandLine.Parsing.ArgumentResult r, string message, T fallback)
    {
        r.AddError(message);
        return fallback;
    }
}
