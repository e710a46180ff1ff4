namespace Ledger.Vision.Inference;

/// <summary>Finds the model pack folder when none is configured.</summary>
public static class ModelPackLocator
{
    /// <summary>Environment variable that names the pack folder explicitly.</summary>
    public const string EnvironmentVariable = "LEDGER_MODELS";

    /// <summary>
    /// <see cref="EnvironmentVariable"/> if set; otherwise the first <c>.models/pack</c> holding a manifest in
    /// <paramref name="start"/> (default: the current directory) or one of its parents, so the CLI and the
    /// tests work from the repository root or any folder under it; otherwise <c>.models/pack</c>.
    /// </summary>
    public static string Find(string? start = null)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".models", "pack");
            if (File.Exists(Path.Combine(candidate, "manifest.json")))
                return candidate;
        }
        return Path.Combine(".models", "pack");
    }
}
