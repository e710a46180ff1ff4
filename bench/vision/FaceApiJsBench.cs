using System.Diagnostics;
using System.Text.Json;

namespace Ledger.Bench.Vision;

/// <summary>The reference side: runs bench/vision/facejs-bench.js in Node and reads its JSON line.</summary>
internal static class FaceApiJsBench
{
    public static JsonElement? Run(string repoRoot, string backend, int iterations, string imagePath)
    {
        var script = Path.Combine(repoRoot, "bench", "vision", "facejs-bench.js");
        var start = new ProcessStartInfo("node", [script, backend, iterations.ToString(), imagePath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.Write(stderr.Result);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"face-api.js on {backend} failed (exit {process.ExitCode}); see above");
            return null;
        }
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
