using System.Globalization;
using System.Text.Json;
using Ledger.Bench.Vision;

// dotnet run --project bench/vision -c Release -- [--followed-yaw] [--payment [--frames 3] [--counter tiny|ssd] [--sketch tiny|ssd] [--from-facing] [--each] [--square]] [--iterations N] [--rounds R] [--cpu-iterations N] [--image PATH] [--no-js] [--no-cpu]
// Ours and face-api.js (wasm) on the same image in one run, in R rounds that alternate between the two sides (ours,
// theirs, ours, ...) so that a shared machine's drift falls on both; N samples per measurement in all, split over the
// rounds. Then face-api.js on the cpu backend once (it is 40-200x slower; not interleaved). Medians, ratios, memory.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a, p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var root = FindRoot();
var image = options.GetValueOrDefault("--image") ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "faces", "groups", "bbt1.jpg"));
var iterations = int.Parse(options.GetValueOrDefault("--iterations") ?? "20", CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("--rounds") ?? "4", CultureInfo.InvariantCulture);
var cpuIterations = int.Parse(options.GetValueOrDefault("--cpu-iterations") ?? "5", CultureInfo.InvariantCulture);
var pack = Path.Combine(root, ".models", "pack");
if (rounds < 1 || iterations < rounds)
{
    Console.Error.WriteLine($"--rounds must be at least 1 and at most --iterations ({iterations})");
    return 2;
}
var perRound = iterations / rounds;

if (options.ContainsKey("--followed-yaw"))
{
    Console.WriteLine(FollowedYaw.Measure(pack, Path.GetFullPath(Path.Combine(root, "..", "shared", "faces"))));
    return 0;
}

if (options.ContainsKey("--payment"))
{
    // One challenged payment's vision work, stage by stage (PaymentProfile); no face-api.js side.
    var frames = int.Parse(options.GetValueOrDefault("--frames") is { Length: > 0 } f ? f : "3", CultureInfo.InvariantCulture);
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
    int? Int(string name) => options.GetValueOrDefault(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
    Ledger.Vision.Detection.DetectorKind? Detector(string name) =>
        options.GetValueOrDefault(name) is { Length: > 0 } v ? Enum.Parse<Ledger.Vision.Detection.DetectorKind>(v, ignoreCase: true) : null;
    using var profile = new PaymentProfile(pack, Path.GetFullPath(Path.Combine(root, "..", "shared", "faces")), frames, Int("--threads"), Int("--permits"),
        Detector("--counter"), Detector("--sketch"), options.ContainsKey("--from-facing"), options.ContainsKey("--square")) { EachPayment = options.ContainsKey("--each") };
    if (Int("--concurrency") is { } tills)
    {
        // Closed loop of concurrent tills: latency percentiles and payments per second, after one warm-up payment per till.
        profile.Concurrent(tills, tills);
        var all = new List<double>();
        var seconds = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var (latencies, s) = profile.Concurrent(tills, perRound);
            all.AddRange(latencies);
            seconds += s;
        }
        all.Sort();
        double P(double q) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(q / 100 * all.Count) - 1)];
        Console.WriteLine($"{tills} tills, intra-op threads {Int("--threads")?.ToString(CultureInfo.InvariantCulture) ?? "by load"}, " +
                          $"permits {Int("--permits")?.ToString(CultureInfo.InvariantCulture) ?? "default"}: {all.Count} payments, " +
                          $"{(all.Count / seconds).ToString("0.00", CultureInfo.InvariantCulture)} per s, p50 {P(50):0} ms, p90 {P(90):0} ms, p99 {P(99):0} ms; " +
                          $"load average {load} at the start, {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
        return 0;
    }
    for (var round = 0; round < rounds; round++)
        profile.Round(round == 0 ? 2 : 1, perRound);
    var when = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {load} at the start, " +
               $"{File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end";
    Console.WriteLine(profile.Render(profile.Medians(), when));
    return 0;
}

Console.Error.WriteLine($"vision bench: {Path.GetFileName(image)}, {rounds} interleaved rounds of {perRound} samples per side (cpu backend {cpuIterations}), " +
                        $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
using var ours = new OnnxPipelineBench(image, pack);
using var theirs = options.ContainsKey("--no-js") ? null : FaceApiJsBench.Served.Start(root, "wasm", perRound, image);
for (var round = 0; round < rounds; round++)
{
    ours.Round(perRound);
    theirs?.Round();
    Console.Error.WriteLine($"  round {round + 1} of {rounds} done");
}
var results = new Dictionary<string, object?> { ["ours"] = ours.Results(rounds) };
if (theirs is not null)
{
    results["faceapi_wasm"] = theirs.Finish() ?? throw new InvalidOperationException("face-api.js on wasm gave no summary");
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
