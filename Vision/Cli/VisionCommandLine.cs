using Ledger.Vision.Detection;
using Ledger.Vision.Evaluation;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Vision.Cli;

/// <summary>
/// Operator commands <c>ledger vision detect|compare|identify|evaluate</c> for tuning and debugging: each prints
/// one JSON document on stdout (evaluate: a Markdown report). Exit codes: 0 done, 1 the input or the model pack was refused (message on
/// stderr), 2 bad usage.
/// </summary>
public static class VisionCommandLine
{
    private const string Usage = """
        usage: ledger vision <command> [options]
          detect IMAGE                    faces with boxes, landmarks' eyes and quality signals
          compare IMAGE_A IMAGE_B         distance, score and decision between the chosen faces
          identify IMAGE --gallery DIR    1:N over DIR/<identity>/*.{jpg,png,webp} or DIR/<identity>.{jpg,png,webp}
                                          (gallery images showing more than one face are skipped)
          evaluate DIR [--exclude a,b]    all pairs of DIR/<identity>/<image>: EER, accept rates, every
                                          distance (Markdown report instead of JSON)
        options:
          --pack DIR         model pack (default: $LEDGER_MODELS, else .models/pack here or in a parent folder)
          --detector ssd|tiny  first detector (default ssd)
          --threshold X      match distance threshold (default 0.6)
          --margin X         identify: lead over the runner-up (default 0.05)
          --alignment similarity|bbox  chip cutting: ours (default) or face-api.js's unrotated box
          --no-fallback true   no border retry / whole-frame fallback when the detector finds nothing
        """;

    /// <summary>Runs one command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var parsed = CliArguments.Parse(args.Skip(1));
            var (verb, arity) = args[0] switch
            {
                "detect" => ("detect", 1),
                "compare" => ("compare", 2),
                "identify" => ("identify", 1),
                "evaluate" => ("evaluate", 1),
                _ => throw new CliUsageException($"unknown command '{args[0]}'"),
            };
            if (parsed.Positional.Count != arity)
                throw new CliUsageException(verb == "evaluate"
                    ? $"'evaluate' takes 1 folder, got {parsed.Positional.Count}"
                    : $"'{verb}' takes {arity} image path{(arity > 1 ? "s" : "")}, got {parsed.Positional.Count}");
            if (verb == "identify" && parsed.Option("--gallery") is null)
                throw new CliUsageException("'identify' needs --gallery DIR");

            var options = Options(parsed);
            using var models = VisionModels.Load(options);
            var verifier = FaceVerifier.Create(models, options);
            if (verb == "evaluate")
            {
                var exclude = (parsed.Option("--exclude") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var result = PairEvaluation.Run(verifier, LabelledFaces.Load(parsed.Positional[0], exclude));
                await stdout.WriteLineAsync(EvaluationReport.Format(result));
                return 0;
            }
            var json = verb switch
            {
                "detect" => await VisionCommands.DetectAsync(verifier, parsed.Positional[0]),
                "compare" => await VisionCommands.CompareAsync(verifier, parsed.Positional[0], parsed.Positional[1]),
                _ => await VisionCommands.IdentifyAsync(verifier, parsed.Positional[0], parsed.Option("--gallery")!),
            };
            await stdout.WriteLineAsync(CliJson.Write(json));
            return 0;
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"ledger vision: {e.Message}\n{Usage}");
            return 2;
        }
        catch (Exception e) when (e is ImageRejectedException or ModelPackException or ModelMismatchException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await stderr.WriteLineAsync($"ledger vision: {e.Message}");
            return 1;
        }
    }

    private static VisionOptions Options(CliArguments args)
    {
        var detector = args.Option("--detector") switch
        {
            null or "ssd" => DetectorKind.Ssd,
            "tiny" => DetectorKind.Tiny,
            var other => throw new CliUsageException($"--detector must be 'ssd' or 'tiny', got '{other}'"),
        };
        var alignment = args.Option("--alignment") switch
        {
            null or "similarity" => Alignment.AlignmentMode.Similarity,
            "bbox" => Alignment.AlignmentMode.BoundingBox,
            var other => throw new CliUsageException($"--alignment must be 'similarity' or 'bbox', got '{other}'"),
        };
        var fallback = args.Option("--no-fallback") switch
        {
            null => true,
            "true" => false,
            "false" => true,
            var other => throw new CliUsageException($"--no-fallback takes 'true' or 'false', got '{other}'"),
        };
        var defaults = new VisionOptions();
        var threshold = args.FloatOption("--threshold") ?? defaults.MatchThreshold;
        if (threshold <= 0)
            throw new CliUsageException("--threshold must be greater than 0");
        return defaults with
        {
            ModelPackDirectory = args.Option("--pack") ?? ModelPackLocator.Find(),
            Detector = detector,
            Alignment = alignment,
            DetectorFallback = fallback,
            // An operator's one-off run on a busy host: no terminal is waiting, so do not cut it short.
            InferenceTimeout = TimeSpan.FromMinutes(1),
            MatchThreshold = threshold,
            IdentificationMargin = args.FloatOption("--margin") ?? defaults.IdentificationMargin,
        };
    }
}
