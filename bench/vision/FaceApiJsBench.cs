using System.Diagnostics;
using System.Text.Json;

namespace Ledger.Bench.Vision;

/// <summary>The reference side: bench/vision/facejs-bench.js in Node, either one whole run or driven round by round.</summary>
internal static class FaceApiJsBench
{
    public static JsonElement? Run(string repoRoot, string backend, int iterations, string imagePath)
    {
        using var process = Start(repoRoot, backend, iterations, imagePath, serve: false);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.Write(stderr.Result);
        return Summary(process, backend, stdout);
    }

    /// <summary>Node with the models loaded, answering one round per <see cref="Round"/>: rounds of the two sides then alternate.</summary>
    public sealed class Served(Process process, string backend) : IDisposable
    {
        private readonly Task<string> _errors = process.StandardError.ReadToEndAsync();

        public static Served Start(string repoRoot, string backend, int iterations, string imagePath) =>
            new(FaceApiJsBench.Start(repoRoot, backend, iterations, imagePath, serve: true), backend);

        /// <summary>Runs one round of every measurement; fails loudly when Node does.</summary>
        public void Round()
        {
            process.StandardInput.WriteLine("round");
            process.StandardInput.Flush();
            var line = process.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException($"face-api.js on {backend} stopped during a round:\n{Errors()}");
            if (!JsonDocument.Parse(line).RootElement.TryGetProperty("round", out _))
                throw new InvalidOperationException($"face-api.js on {backend} answered a round with: {line}");
        }

        /// <summary>Ends the rounds and reads the summary over all of them.</summary>
        public JsonElement? Finish()
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return Summary(process, backend, stdout);
        }

        private string Errors() => _errors.IsCompleted ? _errors.Result : "";

        public void Dispose()
        {
            if (!process.HasExited) process.Kill();
            process.Dispose();
        }
    }

    private static Process Start(string repoRoot, string backend, int iterations, string imagePath, bool serve)
    {
        var script = Path.Combine(repoRoot, "bench", "vision", "facejs-bench.js");
        List<string> arguments = [script, backend, iterations.ToString(), imagePath];
        if (serve) arguments.Add("--serve");
        var start = new ProcessStartInfo("node", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = serve };
        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    private static JsonElement? Summary(Process process, string backend, string stdout)
    {
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"face-api.js on {backend} failed (exit {process.ExitCode}); see above");
            return null;
        }
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
