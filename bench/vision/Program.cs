using System.Globalization;
using System.Text.Json;
using Ledger.Bench.Vision;

// dotnet run --project bench/vision -c Release -- [--iterations N] [--cpu-iterations N] [--image PATH] [--no-js] [--no-cpu]
// Ours and face-api.js (wasm, then cpu backend) on the same image in one run; medians, ratios, peak memory.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a, p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var root = FindRoot();
var image = options.GetValueOrDefault("--image") ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "faces", "groups", "bbt1.jpg"));
var iterations = int.Parse(options.GetValueOrDefault("--iterations") ?? "20", CultureInfo.InvariantCulture);
var cpuIterations = int.Parse(options.GetValueOrDefault("--cpu-iterations") ?? "5", CultureInfo.InvariantCulture);
var pack = Path.Combine(root, ".models", "pack");

Console.Error.WriteLine($"vision bench: {Path.GetFileName(image)}, {iterations} iterations (cpu backend {cpuIterations}), {Environment.ProcessorCount} cores");
var ours = OnnxPipelineBench.Run(image, pack, warmup: 2, iterations);
var results = new Dictionary<string, object?> { ["ours"] = ours };
if (!options.ContainsKey("--no-js"))
{
    results["faceapi_wasm"] = FaceApiJsBench.Run(root, "wasm", iterations, image);
    if (!options.ContainsKey("--no-cpu"))
        results["faceapi_cpu"] = FaceApiJsBench.Run(root, "cpu", cpuIterations, image);
}

var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });
var resultsDir = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(resultsDir);
var file = Path.Combine(resultsDir, $"vision-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
File.WriteAllText(file, json);
Console.WriteLine(ReportTable.Render(JsonDocument.Parse(json).RootElement));
Console.Error.WriteLine($"raw results: {file}");
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}
