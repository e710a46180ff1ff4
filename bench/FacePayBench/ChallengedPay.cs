using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Bench.FacePay;

/// <summary>
/// A challenged face payment over HTTP as a till with an attested camera makes it: ask for a capture challenge, turn
/// as it says (3 frames of 640x480), send the frames with the module's signed statement. One attested till per client,
/// closed loop, interleaved in rounds with ledger-only payments on the same service. Prints end-to-end and per-stage
/// percentiles (the service's Server-Timing), the goals of issue 17 and the service's memory. Counts authorized
/// payments only, and fails when any request fails.
/// </summary>
internal static class ChallengedPay
{
    public static IReadOnlyDictionary<string, string> Settings(string attestationRoots)
    {
        // A declined sequence must not lock the bench's customers or suspend its tills.
        var settings = BenchShop.LiftedLimits("bench-challenged");
        // A live challenge on every payment, 3 frames, attested statements required.
        settings["FacePay__Capture__AcceptUnattested"] = "false";
        settings["FacePay__Capture__LiveChallenge__Always"] = "true";
        settings["FacePay__Capture__LiveChallenge__Frames"] = "3";
        settings["Terminals__AttestationRoots"] = attestationRoots;
        return settings;
    }

    private static readonly string[] Stages = [.. ServerTimingHeader.VisionStages, "ledger"];

    public static async Task<int> RunAsync(ApiProcess api, HttpClient http, IReadOnlyList<Customer> customers, Terminal plainTill,
        ChallengeFrames frames, BenchAttestationRoot root, int clients, TimeSpan perRound, int rounds, string resultsDirectory)
    {
        using var probe = StallProbe.Start();
        var byPerson = customers.ToDictionary(c => c.Person);
        var tills = new ConcurrentQueue<AttestedTill>();
        for (var i = 0; i < clients; i++) tills.Enqueue(await AttestedTill.OpenAsync(http, api.OperatorToken, root, i + 1));

        var sequences = frames;
        // A customer stands at one till at a time: two tills never pay from one wallet at once (which would only measure
        // the wallet's optimistic-concurrency retries, not what four shops see).
        var atTills = new HashSet<string>();
        var outcomes = new ConcurrentBag<(string Sequence, string Outcome)>();
        async Task<Sample> Challenged()
        {
            if (!tills.TryDequeue(out var till)) throw new InvalidOperationException("more clients than tills");
            string? person = null;
            try
            {
                var clock = Stopwatch.StartNew();
                var (nonce, movement) = await till.ChallengeAsync();
                var challengeMs = clock.Elapsed.TotalMilliseconds;
                (string Person, IReadOnlyList<byte[]> Frames, string Name) next;
                lock (atTills) next = sequences.Next(movement, atTills.Add);
                person = next.Person;
                var answer = await BenchShop.SendAsync(http, till.Payment(byPerson[person], nonce, movement, next.Frames));
                outcomes.Add((next.Name, answer.Status));
                return new Sample(clock.Elapsed.TotalMilliseconds, answer.Status, answer.VisionMs, answer.LedgerMs, answer.Stages, challengeMs, next.Name);
            }
            finally
            {
                if (person is not null) lock (atTills) atTills.Remove(person);
                tills.Enqueue(till);
            }
        }

        var ledgerPays = -1;
        async Task<Sample> LedgerOnly()
        {
            var customer = customers[Interlocked.Increment(ref ledgerPays) % customers.Count];
            var code = await BenchShop.FreshCodeAsync(http, api.OperatorToken, customer);
            return await ClosedLoop.TimeAsync(async () => ((await BenchShop.SendAsync(http, BenchShop.LedgerPayment(plainTill, code))).Status, null, null));
        }

        // Warm-up, one at a time, discarded: until every sequence has been sent (the service draws the turn), and the
        // rounds time only the sequences it authorized there.
        var warm = new List<Sample>();
        var names = frames.Names.ToHashSet();
        for (var i = 0; i < 20 * frames.Count && !names.IsSubsetOf(outcomes.Select(o => o.Sequence)); i++) warm.Add(await Challenged());
        var declined = outcomes.Where(o => o.Outcome != "authorized").Select(o => o.Sequence).ToHashSet();
        sequences = frames.Without(declined);
        if (sequences.PeoplePerTurn < clients)
            throw new InvalidOperationException($"{clients} tills need {clients} people with sequences of each turn, and there are {sequences.PeoplePerTurn}");
        // The memory a payment costs is counted from the set the service holds one payment at a time, before any load.
        var before = api.MemoryMb();
        var settling = await SettleAsync(api, http, clients, Challenged, LedgerOnly, warm);
        var jitBefore = await api.JitCompiledMethodsAsync(http);
        var gcBefore = await api.GcPauseSecondsAsync(http);
        var collectionsBefore = await api.GcCollectionsAsync(http);

        var challenged = new List<(IReadOnlyList<Sample> Samples, double Seconds)>();
        var ledger = new List<(IReadOnlyList<Sample> Samples, double Seconds)>();
        var cpu = new CpuMeter(api.Pid);
        var challengedCpu = default(CpuMeter.Reading);
        var challengedWindows = new List<(DateTime From, DateTime To)>();
        for (var round = 0; round < rounds; round++)
        {
            var start = cpu.Read();
            var from = DateTime.UtcNow;
            challenged.Add(await ClosedLoop.RunAsync(clients, perRound, Challenged));
            challengedWindows.Add((from, DateTime.UtcNow));
            challengedCpu += cpu.Read() - start;
            ledger.Add(await ClosedLoop.RunAsync(clients, perRound, LedgerOnly));
        }
        var after = api.MemoryMb();
        var jitDuring = await api.JitCompiledMethodsAsync(http) - jitBefore;
        var gcDuring = await api.GcPauseSecondsAsync(http) - gcBefore;
        var collections = (await api.GcCollectionsAsync(http)).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {c.Value - collectionsBefore.GetValueOrDefault(c.Key)}");

        var samples = challenged.SelectMany(r => r.Samples).ToList();
        var seconds = challenged.Sum(r => r.Seconds);
        var ledgerSamples = ledger.SelectMany(r => r.Samples).ToList();
        var authorized = samples.Where(s => s.Outcome == "authorized").ToList();
        var failed = samples.Concat(ledgerSamples).Concat(warm).Where(s => s.Outcome.StartsWith("http_", StringComparison.Ordinal)).ToList();

        var report = new StringBuilder();
        report.AppendLine($"challenged face payment over HTTP: {clients} attested tills, 3 frames of {ChallengeFrames.Width}x{ChallengeFrames.Height} JPEG, " +
                          $"{frames.Kind} turn sequences ({sequences.Describe()} of {frames.Describe()} authorized in the warm-up), {rounds} rounds of {perRound.TotalSeconds:0} s interleaved with ledger-only, cores {Environment.ProcessorCount}");
        report.AppendLine();
        report.AppendLine("| side | requests | authorized per s | p50 ms | p90 ms | p99 ms | max ms | outcomes |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        report.AppendLine(Row("(a) challenge + verify-and-pay (3 frames)", samples.Where(s => s.Outcome == "authorized").ToList(), samples, seconds));
        report.AppendLine(Row("(c) ledger-only, HTTP `POST /v1/payments`", ledgerSamples.Where(s => s.Outcome == "authorized").ToList(), ledgerSamples, ledger.Sum(r => r.Seconds)));
        report.AppendLine();
        report.AppendLine("| (a) stage, server-reported (summed over the 3 frames; frames run at once) | p50 ms | p90 ms | p99 ms |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var stage in Stages)
        {
            var values = new Percentiles(authorized.Where(s => s.Stages is not null && s.Stages.ContainsKey(stage)).Select(s => s.Stages![stage]));
            report.AppendLine($"| {stage} | {F(values.At(50))} | {F(values.At(90))} | {F(values.At(99))} |");
        }
        var e2e = new Percentiles(authorized.Select(s => s.Ms));
        report.AppendLine();
        report.AppendLine($"goals (issue 17, at {clients} concurrent tills): p50 {F(e2e.At(50))} ms ≤ 250 {Met(e2e.At(50), 250)}, p99 {F(e2e.At(99))} ms ≤ 500 {Met(e2e.At(99), 500)}");
        var perPayment = authorized.Count == 0 ? 0 : 1.0 / authorized.Count;
        report.AppendLine($"CPU per authorized challenged payment (its rounds, /proc): service {challengedCpu.ServiceMs * perPayment:0.0} ms, " +
                          $"tills (this bench) {challengedCpu.BenchMs * perPayment:0.0} ms, the rest (PostgreSQL, the kernel, neighbours) " +
                          $"{(challengedCpu.MachineMs - challengedCpu.ServiceMs - challengedCpu.BenchMs) * perPayment:0.0} ms; the machine " +
                          $"{challengedCpu.MachineMs * perPayment:0.0} ms of its {Environment.ProcessorCount} cores, busy {challengedCpu.MachineMs / 1000 / seconds:0.00} of them");
        report.AppendLine($"p50 ratio (a)/(c) = {F2(e2e.At(50) / new Percentiles(ledgerSamples.Select(s => s.Ms)).At(50))}");
        report.AppendLine($"service memory: {before.Now} MiB resident before any load, {after.Now} after, peak {after.Peak} MiB; " +
                          $"at most {(after.Peak - before.Now) / (double)clients:0} MiB per concurrent payment above the resident set before the load");
        report.AppendLine($"the service's GC paused it for {gcDuring * 1000:0} ms in all during the timed rounds (both sides, {seconds + ledger.Sum(r => r.Seconds):0} s), " +
                          $"collections {string.Join(", ", collections)}");
        var stops = challengedWindows.SelectMany(w => probe.Between(w.From, w.To)).Distinct().ToList();
        report.AppendLine($"the machine stopped {stops.Count} times during the challenged rounds ({Priority(probe)} thread waking over 15 ms late): " +
                          $"{stops.Count(s => s.LateMs >= 90)} of them 90 ms or more, the longest {(stops.Count == 0 ? 0 : stops.Max(s => s.LateMs)):0} ms, " +
                          $"{stops.Sum(s => s.LateMs):0} ms in all");
        report.AppendLine();
        report.AppendLine(Slowest(authorized, 5, probe));
        report.AppendLine(ByRoundStart(authorized, RoundStartSeconds));
        if (declined.Count > 0) report.AppendLine($"left out after the warm-up declined them: {string.Join(", ", declined.Order())}");
        report.AppendLine($"warm-up (not counted): {warm.Count} payments, " + string.Join(", ", warm.GroupBy(w => w.Outcome).Select(g => $"{g.Key} {g.Count()}")) +
                          $"; under load for {settling.Seconds:0} s, the service's JIT compiling {settling.LastTurn} methods in the last turn; " +
                          $"{jitDuring} methods compiled during the timed rounds");
        Console.WriteLine(report);

        Directory.CreateDirectory(resultsDirectory);
        var file = Path.Combine(resultsDirectory, $"facepay-challenged-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            clients, rounds, secondsPerRound = perRound.TotalSeconds, sequences = sequences.Count, sequenceKind = frames.Kind, declinedInWarmUp = declined.Order().ToList(),
            endToEnd = new Percentiles(samples.Select(s => s.Ms)).Summary(), authorizedEndToEnd = e2e.Summary(),
            stages = Stages.ToDictionary(s => s, s => new Percentiles(authorized.Where(a => a.Stages?.ContainsKey(s) == true).Select(a => a.Stages![s])).Summary()),
            outcomes = samples.GroupBy(s => s.Outcome).ToDictionary(g => g.Key, g => g.Count()),
            ledgerOnly = new Percentiles(ledgerSamples.Select(s => s.Ms)).Summary(),
            memoryMb = new { before = before.Now, after = after.Now, peak = after.Peak },
            cpuPerPaymentMs = new { service = challengedCpu.ServiceMs * perPayment, tills = challengedCpu.BenchMs * perPayment, machine = challengedCpu.MachineMs * perPayment },
            warmUnderLoad = new { seconds = settling.Seconds, jitMethodsLastTurn = settling.LastTurn, jitMethodsTimedRounds = jitDuring },
            machineStops = new { realTime = probe.RealTime, count = stops.Count, over90Ms = stops.Count(s => s.LateMs >= 90), totalMs = stops.Sum(s => s.LateMs) },
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"raw results: {file}");

        foreach (var till in tills) till.Dispose();
        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"FAILED: {failed.Count} requests did not get a decision: " + string.Join(", ", failed.GroupBy(f => f.Outcome).Select(g => $"{g.Key} {g.Count()}")));
            return 1;
        }
        if (authorized.Count * 10 < samples.Count * 9)
        {
            Console.Error.WriteLine($"FAILED: only {authorized.Count} of {samples.Count} challenged payments were authorized: the bench measured declines");
            return 1;
        }
        return 0;
    }

    /// <summary>Turns of load (5 s challenged, 2 s ledger-only) until one turn makes the JIT compile fewer than this.</summary>
    private const long JitSettled = 100;

    /// <summary>
    /// Warms the service under the measured load, discarded: both sides at the timed concurrency, in turns, until the
    /// service's JIT has settled. Tiered compilation compiles the hot paths again (instrumented, then optimised) during
    /// the first minute or so under load, a sixth of the service's CPU then (<c>.NET Tiered Compilation</c> thread, about
    /// 630 of 3,600 ticks in 20 s); a round timed before it settles times the compiler, not the steady service.
    /// <c>FACEPAY_LOAD_WARMUP_SECONDS</c> caps it (default 120; 0: none, the warm-up before this existed).
    /// </summary>
    private static async Task<(double Seconds, long LastTurn)> SettleAsync(ApiProcess api, HttpClient http, int clients,
        Func<Task<Sample>> challenged, Func<Task<Sample>> ledgerOnly, List<Sample> warm)
    {
        var cap = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("FACEPAY_LOAD_WARMUP_SECONDS") ?? "120", CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        var jit = await api.JitCompiledMethodsAsync(http);
        var lastTurn = -1L;
        while (clock.Elapsed < cap && (lastTurn < 0 || lastTurn >= JitSettled))
        {
            warm.AddRange((await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(5), challenged)).Samples);
            warm.AddRange((await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(2), ledgerOnly)).Samples);
            var now = await api.JitCompiledMethodsAsync(http);
            (lastTurn, jit) = (now - jit, now);
        }
        return (clock.Elapsed.TotalSeconds, lastTurn);
    }

    // The tail's payments, one line each: where their time went (the challenge request, the server's stages), so a p99
    // reads as one slow stage or as waiting in all of them.
    private static string Slowest(IReadOnlyList<Sample> authorized, int count, StallProbe probe)
    {
        var text = new StringBuilder($"| (a) the {count} slowest authorized payments: ms | challenge request | server: vision | server: ledger | " +
                                     "the rest (transfer, the edge, waits outside the stages) | " + string.Join(" | ", Stages) +
                                     " | sequence | sent at s of its round | sent at (UTC) | the machine stopped during it, ms |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: |" + string.Concat(Stages.Select(_ => " ---: |")) + " --- | ---: | --- | ---: |\n");
        foreach (var s in authorized.OrderByDescending(s => s.Ms).Take(count))
            text.Append($"| {F(s.Ms)} | {F(s.ChallengeMs)} | {F(s.VisionMs)} | {F(s.LedgerMs)} | {F(s.Ms - s.ChallengeMs - s.VisionMs - s.LedgerMs)} | " +
                        string.Join(" | ", Stages.Select(st => F(s.Stages?.GetValueOrDefault(st)))) + $" | {s.Sequence} | {F(s.StartS)} | {s.SentUtc:HH:mm:ss.fff} | " +
                        $"{(s.SentUtc is { } sent ? F(probe.StoppedDuring(sent, s.Ms)) : "")} |\n");
        return text.ToString();
    }

    private static string Priority(StallProbe probe) =>
        probe.RealTime ? "a real-time" : "a normal-priority (real-time was refused: its stops include waiting for the cores)";

    /// <summary>The first seconds of a round, when the service may still be working off the ledger-only round before it.</summary>
    private const double RoundStartSeconds = 3;

    // Whether the tail belongs to the rounds' starts: the percentiles of payments sent in their round's first seconds
    // and of the others, side by side.
    private static string ByRoundStart(IReadOnlyList<Sample> authorized, double seconds)
    {
        string Part(string label, IEnumerable<Sample> part)
        {
            var list = part.ToList();
            var p = new Percentiles(list.Select(s => s.Ms));
            return $"{label}: {list.Count} payments, p50 {F(p.At(50))} ms, p99 {F(p.At(99))} ms";
        }
        return $"(a) by when in its round a payment was sent: {Part($"in the first {seconds:0} s", authorized.Where(s => s.StartS < seconds))}; " +
               $"{Part("later", authorized.Where(s => s.StartS >= seconds))}";
    }

    private static string Row(string label, IReadOnlyList<Sample> counted, IReadOnlyList<Sample> all, double seconds)
    {
        var p = new Percentiles(counted.Select(s => s.Ms));
        return $"| {label} | {all.Count} | {F(counted.Count / seconds)} | {F(p.At(50))} | {F(p.At(90))} | {F(p.At(99))} | {F(p.Summary()["max"])} | " +
               string.Join(", ", all.GroupBy(s => s.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) + " |";
    }

    private static string Met(double? value, double goal) => value <= goal ? "(met)" : "(NOT met)";

    private static string F(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string F2(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
