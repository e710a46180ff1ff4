using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench;

/// <summary>
/// Warms a side under the load it is measured at until the JIT has settled: turns of load until one turn makes the JIT
/// compile fewer than <see cref="Settled"/> methods. Tiered compilation compiles the hot paths again (instrumented, then
/// optimised) during the first minute or so under load; a fixed warm-up of 3 s left the first round timing the compiler
/// (the JIT was a fifth of the API's samples and a tenth of the in-process side's in such a round, `perf record`).
/// <c>LEDGER_BENCH_WARMUP_SECONDS</c> caps it (default 90; 0: one turn, the fixed warm-up of before).
/// </summary>
internal static class Warmup
{
    public const long Settled = 100;

    private static TimeSpan Cap =>
        TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("LEDGER_BENCH_WARMUP_SECONDS") ?? "90", CultureInfo.InvariantCulture));

    /// <param name="compiledMethods">How many methods the measured process's JIT has compiled so far.</param>
    /// <param name="turn">One turn of the side's load (discarded).</param>
    public static async Task<(double Seconds, long LastTurn)> UntilSettledAsync(Func<Task<long>> compiledMethods, Func<Task> turn)
    {
        var clock = Stopwatch.StartNew();
        var before = await compiledMethods();
        long lastTurn;
        do
        {
            await turn();
            var now = await compiledMethods();
            (lastTurn, before) = (now - before, now);
        }
        while (lastTurn >= Settled && clock.Elapsed < Cap);
        return (clock.Elapsed.TotalSeconds, lastTurn);
    }

    /// <summary>This process's JIT (the in-process sides run here).</summary>
    public static Task<long> InProcess() => Task.FromResult(System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false));
}
