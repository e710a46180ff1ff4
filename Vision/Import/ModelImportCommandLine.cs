namespace Ledger.Vision.Import;

/// <summary>
/// Operator command <c>ledger models ...</c>:
/// <c>import --from WEIGHTS_DIR --out PACK_DIR</c> builds the model pack;
/// <c>verify --pack PACK_DIR</c> checks every file of a pack against its manifest.
/// </summary>
public static class ModelImportCommandLine
{
    private const string Usage = """
        usage: models import --from <face-api model folder> --out <pack folder>
               models verify --pack <pack folder>
        """;

    /// <summary>Runs the command; returns the process exit code (0 ok, 1 failed, 2 usage).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
            return Fail(stderr, Usage);
        var options = ParseOptions(args[1..]);
        if (options is null)
            return Fail(stderr, Usage);
        try
        {
            switch (args[0])
            {
                case "import" when options.TryGetValue("--from", out var from) && options.TryGetValue("--out", out var output):
                    var manifest = ModelImporter.Import(from, output);
                    foreach (var model in manifest.Models)
                        stdout.WriteLine($"{model.Id,-20} {model.Sha256}  {Path.Combine(output, model.File)}");
                    return Task.FromResult(0);
                case "verify" when options.TryGetValue("--pack", out var pack):
                    var problems = ModelPackVerifier.Verify(pack);
                    foreach (var problem in problems)
                        stderr.WriteLine(problem);
                    if (problems.Count == 0)
                        stdout.WriteLine($"{pack}: model pack intact");
                    return Task.FromResult(problems.Count == 0 ? 0 : 1);
                default:
                    return Fail(stderr, Usage);
            }
        }
        catch (ModelImportException e)
        {
            stderr.WriteLine($"models {args[0]}: {e.Message}");
            return Task.FromResult(1);
        }
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        if (args.Length % 2 != 0)
            return null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return null;
            options[args[i]] = args[i + 1];
        }
        return options;
    }

    private static Task<int> Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return Task.FromResult(2);
    }
}
