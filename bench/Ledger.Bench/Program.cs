using System.Globalization;
using Ledger.Bench;

// Ledger payments/s vs pgbench TPC-B tps: same PostgreSQL server, same client count, same run.
// Usage: dotnet run -c Release --project bench/Ledger.Bench -- [clients=8] [seconds=20] [wallets=2000]
var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var wallets = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000;
var server = Environment.GetEnvironmentVariable("LEDGER_PG")
    ?? "Host=127.0.0.1;Port=55432;Username=ledger;Password=ledger;Database=ledger";

Console.WriteLine($"clients={clients} seconds={seconds} wallets={wallets} cores={Environment.ProcessorCount}");
var pgbenchDb = await BenchDatabase.RecreateAsync(server, "bench_pgbench");
// Scale 10: 1,000,000 accounts and 10 branches, so N clients contend as little as the ledger's random wallets do.
var tps = await PgBench.RunAsync(pgbenchDb, clients, seconds, scale: 10);
Console.WriteLine($"pgbench tpcb-like (prepared): {tps:F0} tps");

var ledgerDb = await BenchDatabase.RecreateAsync(server, "bench_ledger");
var ledger = await new LedgerLoad(ledgerDb, wallets, merchants: 20).RunAsync(clients, seconds);
Console.WriteLine($"ledger payments: {ledger.PerSecond:F0} /s (authorized {ledger.Authorized}, declined {ledger.Declined}, gave up {ledger.Failed})");
Console.WriteLine($"ratio ledger/pgbench: {ledger.PerSecond / tps:F2}");
