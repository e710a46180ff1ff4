using System.Globalization;
using Ledger.Bench.FacePay;
using Ledger.Infrastructure.EventStore.GroupCommit;

namespace Ledger.Bench;

/// <summary>The bench's printout: a line per round, then per client count the medians over rounds and the ratio.</summary>
internal static class Report
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Round(int round, RoundResult r)
    {
        var latency = r.Latency;
        Console.WriteLine(string.Create(C,
            $"  round {round} {r.Side,-8} {r.Clients,3} clients: {r.PerSecond,8:F0}/s  p50 {latency.At(50),6:F1} ms  p99 {latency.At(99),6:F1} ms" +
            $"  statements/unit {Num(r.StatementsPerUnit)}  commits/unit {Num(r.CommitsPerUnit)}  failed {r.Failed}"));
        if (r.Detail is not null) Console.WriteLine($"    {r.Detail}");
    }

    /// <summary>A group commit round's transactions: commands in each, and the ms each spent per stage.</summary>
    public static string? Stages(GroupCommitStages before, GroupCommitStages after, long commandsBefore, long commandsAfter)
    {
        var transactions = after.Transactions - before.Transactions;
        if (transactions == 0) return null;
        var stages = Enum.GetValues<GroupCommitStage>()
            .Select(s => string.Create(C, $"{s} {(after[s] - before[s]).TotalMilliseconds / transactions:F2}"));
        return string.Create(C, $"{(double)(commandsAfter - commandsBefore) / transactions:F1} commands a transaction; ms a transaction: {string.Join(", ", stages)}");
    }

    public static void Summary(int clients, IReadOnlyList<RoundResult> pgbench, IReadOnlyList<RoundResult> ledger)
    {
        double Median(IEnumerable<double> values) => new Percentiles(values).At(50) ?? double.NaN;
        var pgRate = Median(pgbench.Select(r => r.PerSecond));
        var ledgerRate = Median(ledger.Select(r => r.PerSecond));
        var pgLatency = new Percentiles(pgbench.SelectMany(r => r.LatenciesMs));
        var ledgerLatency = new Percentiles(ledger.SelectMany(r => r.LatenciesMs));
        var side = ledger.Count > 0 ? ledger[0].Side : "ledger";
        Console.WriteLine(string.Create(C, $"{clients} clients, {side}, median of {ledger.Count} rounds:"));
        Console.WriteLine(string.Create(C,
            $"  pgbench tpcb-like: {pgRate:F0} tps, p50 {pgLatency.At(50):F1} ms, p99 {pgLatency.At(99):F1} ms, " +
            $"{Num(Median(pgbench.Select(r => r.StatementsPerUnit ?? double.NaN)))} statements and {Num(Median(pgbench.Select(r => r.CommitsPerUnit ?? double.NaN)))} commits per transaction"));
        Console.WriteLine(string.Create(C,
            $"  {side} payments: {ledgerRate:F0} /s, p50 {ledgerLatency.At(50):F1} ms, p99 {ledgerLatency.At(99):F1} ms, " +
            $"{Num(Median(ledger.Select(r => r.StatementsPerUnit ?? double.NaN)))} statements and {Num(Median(ledger.Select(r => r.CommitsPerUnit ?? double.NaN)))} commits per payment"));
        Console.WriteLine(string.Create(C, $"  ratio {side}/pgbench: {ledgerRate / pgRate:F2}"));
    }

    /// <summary>A round's most called statements, calls and the server's execution ms per unit of work (LEDGER_BENCH_STATEMENTS=N).</summary>
    public static void Statements(RoundResult r, IReadOnlyList<(string Statement, long Calls, double Ms)> breakdown)
    {
        if (breakdown.Count == 0 || r.Done == 0) return;
        Console.WriteLine(string.Create(C, $"  {r.Side} at {r.Clients} clients, per unit: calls, server ms executing, statement"));
        foreach (var (statement, calls, ms) in breakdown)
            Console.WriteLine(string.Create(C, $"    {(double)calls / r.Done,7:F2} {ms / r.Done,8:F3}  {statement}"));
    }

    private static string Num(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("F2", C) : "n/a";
}
