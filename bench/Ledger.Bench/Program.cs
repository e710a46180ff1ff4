using System.Globalization;
using Ledger.Bench;

// Ledger payments/s vs pgbench TPC-B tps on the same PostgreSQL server, interleaved in rounds (the sides alternate, and
// which goes first alternates, so load drift hits both), at each client count. Prints per side the rate, p50/p99
// latency, statements and commits per unit of work, and the ratio. Exits 1 when any request of either side failed.
// The ledger runs twice per round: each payment committing alone, and with group commit (GROUP_COMMIT_WRITERS writers,
// default 1 (2 before 2026-12-06), as the API ships; a list such as 1,2 gives a side per value; 0 leaves that side out; LEDGER_BENCH_GC_MARTEN=1 adds the same writers with each command written the Marten way
// instead of set-based; LEDGER_BENCH_GC_NOCACHE=1 adds them reading every batch's snapshots; LEDGER_BENCH_DIRECT=0 leaves out the side committing each payment alone), and through HTTP to the API as a process of its own (HttpLedgerLoad).
// LEDGER_BENCH_DAEMON=1 runs the API's work after a payment (async daemon, fraud rules) in this process too (BackgroundWork).
// Usage: bash bench/ledger.sh [clients=8,64] [seconds=10] [rounds=3] [wallets=2000]
var clientCounts = (args.Length > 0 ? args[0] : "8,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var wallets = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2_000;
if (clientCounts.Any(c => c < 1) || seconds < 1 || rounds < 1 || wallets < 1)
{
    Console.Error.WriteLine("usage: bash bench/ledger.sh [clients=8,64] [seconds=10] [rounds=3] [wallets=2000] (all positive)");
    return 2;
}
var server = Environment.GetEnvironmentVariable("LEDGER_PG")
    ?? "Host=127.0.0.1;Port=55432;Username=ledger;Password=ledger;Database=ledger";
var admin = Environment.GetEnvironmentVariable("LEDGER_PG_ADMIN");

Console.WriteLine($"clients={string.Join(',', clientCounts)} seconds={seconds} rounds={rounds} wallets={wallets} cores={Environment.ProcessorCount} " +
    $"load={File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
var pgbenchDb = await BenchDatabase.RecreateAsync(server, "bench_pgbench");
var pgbench = new PgBench(pgbenchDb);
// Scale 10: 1,000,000 accounts and 10 branches, so N clients contend as little as the ledger's random wallets do.
await pgbench.InitAsync(scale: 10);
var ledgerDb = await BenchDatabase.RecreateAsync(server, "bench_ledger");
await using var ledger = await LedgerLoad.StartAsync(ledgerDb, wallets, merchants: 20);
// GROUP_COMMIT_WRITERS=1,2 runs one group commit side per value, each on wallets of its own, in the same rounds.
var writerCounts = (Environment.GetEnvironmentVariable("GROUP_COMMIT_WRITERS") ?? "1").Split(',')
    .Select(w => int.Parse(w, CultureInfo.InvariantCulture)).Where(w => w > 0).Distinct().ToArray();
var grouped = new List<LedgerLoad>();
foreach (var writers in writerCounts)
{
    grouped.Add(await ledger.WithGroupCommitAsync(writers));
    if (Environment.GetEnvironmentVariable("LEDGER_BENCH_GC_NOCACHE") == "1") grouped.Add(await ledger.WithGroupCommitAsync(writers, cache: false));
    if (Environment.GetEnvironmentVariable("LEDGER_BENCH_GC_MARTEN") == "1") grouped.Add(await ledger.WithGroupCommitAsync(writers, setBased: false));
}
// LEDGER_BENCH_DIRECT=0 leaves out the side committing each payment alone (to study the group commit sides).
var direct = Environment.GetEnvironmentVariable("LEDGER_BENCH_DIRECT") == "0" ? null : ledger;
var ledgers = new[] { direct }.Concat(grouped).OfType<LedgerLoad>().ToArray();
var pgCounters = await ServerCounters.TryOpenAsync(admin, "bench_pgbench");
var ledgerCounters = await ServerCounters.TryOpenAsync(admin, "bench_ledger");
// The number users see: the same payments through HTTP to the API as a process of its own (LEDGER_BENCH_HTTP=0 leaves it out).
var apiDirectory = Environment.GetEnvironmentVariable("FACEPAY_API_DIR");
var toolDirectory = Environment.GetEnvironmentVariable("FACEPAY_TOOL_DIR");
// LEDGER_BENCH_HTTP_WRITERS=0,1 runs one API per value, each on a database of its own, as sides of the same rounds; a value
// with an n (1n) runs that API with each signed request's nonce committed alone (Terminals:BatchNonces=false), one with a c
// (1c) with writers that read every batch's snapshots (GroupCommit:SnapshotCacheCapacity=0), one with a q (1q) with a
// thread pool whose idle workers sleep at once instead of spinning first (DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0).
var https = new List<(HttpLedgerLoad Load, ServerCounters? Counters)>();
if (apiDirectory is not null && toolDirectory is not null && Environment.GetEnvironmentVariable("LEDGER_BENCH_HTTP") != "0")
{
    // What users get by default: one group commit writer (the API's appsettings.json). 0 commits each payment alone.
    var httpWriters = (Environment.GetEnvironmentVariable("LEDGER_BENCH_HTTP_WRITERS") ?? "1").Split(',')
        .Select(w => (Writers: int.Parse(w.TrimEnd('n', 'c', 'q'), CultureInfo.InvariantCulture), BatchNonces: !w.Contains('n'), Cache: !w.Contains('c'),
            Spin: !w.Contains('q')))
        .Distinct().ToArray();
    // LEDGER_BENCH_HTTP_WALLETS: how many wallets the HTTP side's payments spread over (default 200, as in the figures
    // before 2026-12-06). Few wallets paying often keep every fraud rule's window full, which real traffic does not.
    if (!int.TryParse(Environment.GetEnvironmentVariable("LEDGER_BENCH_HTTP_WALLETS") ?? "200", CultureInfo.InvariantCulture, out var httpWallets) || httpWallets < 1)
    {
        Console.Error.WriteLine("LEDGER_BENCH_HTTP_WALLETS must be a positive whole number");
        return 2;
    }
    try
    {
        foreach (var (httpWriter, batchNonces, cache, spin) in httpWriters)
        {
            var database = (httpWriter == 0 ? "bench_ledger_http" : $"bench_ledger_http_gc{httpWriter}") + (batchNonces ? "" : "_nonce1") +
                           (cache ? "" : "_nocache") + (spin ? "" : "_nospin");
            var load = await HttpLedgerLoad.StartAsync(apiDirectory, toolDirectory,
                BenchDatabase.ForService(await BenchDatabase.RecreateAsync(server, database)), httpWallets, terminals: 8, httpWriter, batchNonces, cache, spin);
            https.Add((load, await ServerCounters.TryOpenAsync(admin, database)));
        }
    }
    catch
    {
        foreach (var (load, _) in https) await load.DisposeAsync();
        throw;
    }
}

async Task<RoundResult> Counted(ServerCounters? counters, Func<Task<RoundResult>> round)
{
    if (counters is null) return await round();
    var (result, statements, commits) = await counters.CountAsync(round);
    Report.Statements(result, counters.Breakdown);
    return result with { Statements = statements, Commits = commits };
}

// A warm-up's payments are not counted, but one that failed fails the bench as a round's would.
static void Warmed(RoundResult result)
{
    if (result.Failed > 0)
        throw new InvalidOperationException($"warm-up: {result.Side} at {result.Clients} clients: {result.Failed} requests failed; first: {result.FirstError}");
}

var all = new List<RoundResult>();
// The API process ends with the bench, whatever ends the bench (an orphan would keep its database open).
try
{
    foreach (var clients in clientCounts)
    {
        // Warm-up (discarded): pools, caches and the JIT, each side at this client count until its JIT has settled.
        var turn = TimeSpan.FromSeconds(Math.Min(3, seconds));
        var (warmed, lastTurn) = await Warmup.UntilSettledAsync(Warmup.InProcess, async () =>
        {
            foreach (var l in ledgers) Warmed(await l.RunAsync(clients, turn));
        });
        Console.WriteLine($"  warm-up at {clients} clients: in-process sides {warmed:0} s, the JIT compiling {lastTurn} methods in the last turn");
        foreach (var (http, _) in https)
        {
            (warmed, lastTurn) = await Warmup.UntilSettledAsync(http.JitCompiledMethodsAsync, async () =>
            {
                await http.PrepareAsync(clients, turn);
                Warmed(await http.RunAsync(clients, turn));
            });
            Console.WriteLine($"  warm-up at {clients} clients: {http.Side} {warmed:0} s, the API's JIT compiling {lastTurn} methods in the last turn");
        }
        for (var round = 1; round <= rounds; round++)
        {
            var sides = new List<Func<Task<RoundResult>>> { () => Counted(pgCounters, () => pgbench.RunAsync(clients, seconds)) };
            sides.AddRange(ledgers.Select(l => (Func<Task<RoundResult>>)(() => Counted(ledgerCounters, () => l.RunAsync(clients, TimeSpan.FromSeconds(seconds))))));
            foreach (var (http, httpCounters) in https)
                sides.Add(async () =>
                {
                    // The credentials are issued before the count starts: the server's counts are the payments' own.
                    await http.PrepareAsync(clients, TimeSpan.FromSeconds(seconds));
                    return await Counted(httpCounters, () => http.RunAsync(clients, TimeSpan.FromSeconds(seconds)));
                });
            // Which side goes first turns each round, so a drift of the machine's load hits each side alike.
            for (var i = 0; i < sides.Count; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(4)); // the last side's idle connections pruned (BenchDatabase)
                var result = await sides[(i + round - 1) % sides.Count]();
                all.Add(result);
                Report.Round(round, result);
            }
        }
        var pgRounds = all.Where(r => r.Clients == clients && r.Side == "pgbench").ToList();
        foreach (var side in ledgers.Select(l => l.Side).Concat(https.Select(h => h.Load.Side)))
            Report.Summary(clients, pgRounds, all.Where(r => r.Clients == clients && r.Side == side).ToList());
    }
}
finally
{
    foreach (var (http, _) in https) await http.DisposeAsync();
    foreach (var load in grouped) await load.DisposeAsync();
}

var failures = all.Where(r => r.Failed > 0).ToList();
foreach (var f in failures) Console.Error.WriteLine($"FAILED: {f.Side} at {f.Clients} clients: {f.Failed} requests failed; first: {f.FirstError}");
return failures.Count == 0 ? 0 : 1;
