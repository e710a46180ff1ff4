using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ledger.Bench;
using Ledger.Bench.FacePay;

// Verify-and-pay through HTTP, side by side with verify-only and ledger-only, same load, same run.
// Usage: bash bench/facepay.sh [clients=1] [seconds=20] [rounds=2]   (the script builds the API and this project in Release)
//        bash bench/facepay.sh hint-timing [pairs=200]   (does a decline's time tell whether the digits are enrolled? HintTiming)
//        bash bench/facepay.sh challenged [clients=4] [seconds=20] [rounds=2]   (live challenge, 3 frames, attested tills: ChallengedPay;
//        FACEPAY_SEQUENCES=sweep for turns through the facing pose, FACEPAY_LOAD_WARMUP_SECONDS caps the warm-up under load)
var hintTiming = args.FirstOrDefault() == "hint-timing";
var challengedMode = args.FirstOrDefault() == "challenged";
if (hintTiming || challengedMode) args = args[1..];
var clients = hintTiming ? 1 : challengedMode && args.Length == 0 ? 4 : args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var root = FindRoot();
var apiDirectory = Environment.GetEnvironmentVariable("FACEPAY_API_DIR") ?? Path.Combine(root, "Api", "bin", "Release", "net10.0");
var toolDirectory = Environment.GetEnvironmentVariable("FACEPAY_TOOL_DIR") ?? Path.Combine(root, "Cli", "bin", "Release", "net10.0");
var server = Environment.GetEnvironmentVariable("LEDGER_PG") ?? "Host=127.0.0.1;Port=55432;Username=ledger;Password=ledger;Database=ledger";
var pack = Environment.GetEnvironmentVariable("Vision__ModelPack") ?? Environment.GetEnvironmentVariable("LEDGER_MODELS")
    ?? throw new InvalidOperationException("Vision__ModelPack is not set: source .data/env (bench/facepay.sh does)");
var faces = new FaceSet(Path.GetFullPath(Path.Combine(root, "..", "shared", "faces")));
var captures = faces.Captures();
var duration = TimeSpan.FromSeconds((double)seconds / rounds);
const string database = "bench_facepay";

Console.WriteLine($"clients={clients} seconds={seconds} per side in {rounds} interleaved rounds, cores={Environment.ProcessorCount}, load average {LoadAverage()}, captures={captures.Count}");
var warmup = new Dictionary<string, object?>();
var sides = new Dictionary<string, Side>();
var runs = new Dictionary<string, List<(IReadOnlyList<Sample> Samples, double Seconds)>> { ["verifyAndPay"] = [], ["verifyOnly"] = [], ["ledgerOnly"] = [] };
var clock = Stopwatch.StartNew();
var connectionString = await BenchDatabase.RecreateAsync(server, database);
try
{
    using var attestationRoot = challengedMode ? new BenchAttestationRoot() : null;
    // The service's own pool (BenchDatabase.ForService): the bench database's closes connections idle for 2 s, which under
    // a service's uneven demand opened new sessions all the time.
    await using var api = await ApiProcess.StartAsync(apiDirectory, toolDirectory, BenchDatabase.ForService(connectionString), TimeSpan.FromSeconds(120),
        hintTiming ? HintTiming.Settings : attestationRoot is not null ? ChallengedPay.Settings(attestationRoot.PemFile)
            // A capture the pipeline declines must not suspend the till or freeze the customer halfway through a round.
            : BenchShop.LiftedLimits("bench-facepay"));
    warmup["apiReadyMs"] = Ms(clock);
    using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(120) };

    // The API loads its models on the first capture it sees: the first enrolment.
    clock.Restart();
    var (terminal, customers) = await BenchShop.OpenAsync(http, api.OperatorToken, api.ApproverToken, faces);
    warmup["shopSetupMs"] = Ms(clock);
    var byPerson = customers.ToDictionary(c => c.Person);
    if (hintTiming)
        return await HintTiming.RunAsync(http, terminal, customers, faces, args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200);
    if (attestationRoot is not null)
    {
        using var poses = await VerifyOnly.StartAsync(pack, faces);
        var sequences = ChallengeFrames.Build(faces, poses.Verifier, Environment.GetEnvironmentVariable("FACEPAY_SEQUENCES") ?? "from-facing");
        return await ChallengedPay.RunAsync(api, http, customers, terminal, sequences, attestationRoot, clients, duration, rounds,
            Path.Combine(root, "bench", "results"));
    }

    // Each side has its own till: what one side's answers do to a terminal never reaches the other's.
    var ledgerTill = await BenchShop.TillAsync(http, api.OperatorToken, "Bench Ledger-Only");

    // Each side walks its inputs with one counter over warm-up and every round, so all captures get their turn. The
    // rounds time only the captures the warm-up authorized: a benchmark measures successful work, and a decline would
    // stop the bench (below).
    var timed = captures;
    var facePays = -1;
    async Task<Sample> FacePay()
    {
        var capture = timed[Interlocked.Increment(ref facePays) % timed.Count];
        return await ClosedLoop.TimeAsync(async () =>
        {
            var answer = await BenchShop.SendAsync(http, BenchShop.FacePayment(terminal, byPerson[capture.Person], capture.Bytes));
            return (answer.Status, answer.VisionMs, answer.LedgerMs);
        });
    }

    var ledgerPays = -1;
    async Task<Sample> LedgerOnly()
    {
        var customer = customers[Interlocked.Increment(ref ledgerPays) % customers.Count];
        var code = await BenchShop.FreshCodeAsync(http, api.OperatorToken, customer);
        return await ClosedLoop.TimeAsync(async () => ((await BenchShop.SendAsync(http, BenchShop.LedgerPayment(ledgerTill, code))).Status, null, null));
    }

    clock.Restart();
    using var verifyOnly = await VerifyOnly.StartAsync(pack, faces);
    warmup["verifyOnlyModelLoadAndEnrolMs"] = Ms(clock);

    var verifications = -1;
    async Task<Sample> Verify()
    {
        var capture = timed[Interlocked.Increment(ref verifications) % timed.Count];
        return await ClosedLoop.TimeAsync(async () => (await verifyOnly.VerifyAsync(capture.Person, capture.Bytes), null, null));
    }

    // Warm-up, reported and then discarded: every capture once through each side, one at a time (JIT, pools,
    // first queries). The face-pay pass doubles as the accuracy check of what is being timed.
    var perCapture = new Dictionary<string, string>();
    foreach (var (name, side) in new (string, Func<Task<Sample>>)[] { ("verifyAndPay", FacePay), ("verifyOnly", Verify), ("ledgerOnly", LedgerOnly) })
    {
        var samples = new List<Sample>();
        for (var i = 0; i < captures.Count; i++)
        {
            samples.Add(await side());
            if (name == "verifyAndPay") perCapture[captures[i].Name] = samples[^1].Outcome;
        }
        warmup[name] = new { firstMs = Math.Round(samples[0].Ms, 1), restP50Ms = new Percentiles(samples.Skip(1).Select(s => s.Ms)).At(50), calls = samples.Count };
    }
    warmup["verifyAndPayOutcomes"] = perCapture;
    timed = captures.Where(c => perCapture[c.Name] == "authorized").ToList();
    if (timed.Count == 0) throw new InvalidOperationException("no capture was authorized in the warm-up: nothing to time");
    warmup["timedCaptures"] = $"{timed.Count} of {captures.Count}";

    // The sides take turns (a, b, c, a, b, c, ...): a shared machine's load drifts, and then it drifts for all three alike.
    try
    {
        for (var round = 0; round < rounds; round++)
        {
            runs["verifyAndPay"].Add(await ClosedLoop.RunAsync(clients, duration, FacePay));
            runs["verifyOnly"].Add(await ClosedLoop.RunAsync(clients, duration, Verify));
            runs["ledgerOnly"].Add(await ClosedLoop.RunAsync(clients, duration, LedgerOnly));
        }
    }
    catch (HttpRequestException e) when (api.Death() is { } death)
    {
        throw new InvalidOperationException(death, e);
    }
    foreach (var (name, parts) in runs)
        sides[name] = Side.Of((parts.SelectMany(p => p.Samples).ToList(), parts.Sum(p => p.Seconds)));
}
finally
{
    await BenchDatabase.DropAsync(server, database);
}

var results = new Dictionary<string, object?>
{
    ["when"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["clients"] = clients, ["secondsPerSide"] = seconds, ["rounds"] = rounds, ["cores"] = Environment.ProcessorCount, ["loadAverageAfter"] = LoadAverage(),
    ["warmup"] = warmup, ["sides"] = sides,
};
var resultsDir = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(resultsDir);
var file = Path.Combine(resultsDir, $"facepay-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
File.WriteAllText(file, JsonSerializer.Serialize(results, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
Console.WriteLine(FacePayReport.Render(sides, warmup));
Console.WriteLine($"raw results: {Path.GetRelativePath(root, file)}");
var failures = sides.Where(s => s.Value.Failed > 0).ToList();
if (failures.Count == 0) return 0;
Console.Error.WriteLine("FAILED: requests without success in the timed rounds: " + string.Join("; ", failures.Select(f =>
    $"{f.Key} {f.Value.Failed} of {f.Value.Requests} ({string.Join(", ", f.Value.Outcomes.Where(o => o.Key is not ("authorized" or "match")).Select(o => $"{o.Key} {o.Value}"))})")));
return 1;

static double Ms(Stopwatch watch) => Math.Round(watch.Elapsed.TotalMilliseconds, 0);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}
