using Ledger.Bench.FacePay;

namespace Ledger.Bench;

/// <summary>One side's timed round: successful work per second, its latencies, what failed, and what the server did for it.</summary>
internal sealed record RoundResult(string Side, int Clients, double PerSecond, long Done, long Failed, IReadOnlyList<double> LatenciesMs,
    long? Statements, long? Commits, string? FirstError = null, string? Detail = null)
{
    public double? StatementsPerUnit => Statements is { } s && Done > 0 ? (double)s / Done : null;
    public double? CommitsPerUnit => Commits is { } c && Done > 0 ? (double)c / Done : null;
    public Percentiles Latency => new(LatenciesMs);
}
