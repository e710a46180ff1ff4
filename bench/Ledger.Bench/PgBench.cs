using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ledger.Bench;

/// <summary>
/// PostgreSQL's own pgbench (built-in TPC-B-like script, prepared statements) against the same server: initialised once,
/// then timed rounds with every transaction's latency logged (<c>-l</c>) so both sides report the same percentiles.
/// </summary>
internal sealed partial class PgBench(string connectionString)
{
    private readonly Dictionary<string, string> _env = Environment(connectionString);

    public Task InitAsync(int scale) => ExecAsync($"-i -q -s {scale}");

    public async Task<RoundResult> RunAsync(int clients, int seconds)
    {
        var logs = Directory.CreateTempSubdirectory("pgbench-");
        try
        {
            var prefix = Path.Combine(logs.FullName, "tx");
            var threads = Math.Min(clients, System.Environment.ProcessorCount);
            var output = await ExecAsync($"-b tpcb-like -M prepared -c {clients} -j {threads} -T {seconds} -n -l --log-prefix={prefix}");
            var tps = Tps().Match(output);
            var processed = Processed().Match(output);
            if (!tps.Success || !processed.Success) throw new InvalidOperationException("pgbench printed no tps:\n" + output);
            var failed = Failed().Match(output) is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            // Each line: client, transaction number, latency in µs, script, epoch seconds, µs; a failed one says "failed".
            var latencies = logs.EnumerateFiles("tx*").SelectMany(file => File.ReadLines(file.FullName))
                .Select(line => line.Split(' ')).Where(parts => parts.Length >= 3 && long.TryParse(parts[2], out _))
                .Select(parts => long.Parse(parts[2], CultureInfo.InvariantCulture) / 1000.0).ToList();
            return new RoundResult("pgbench", clients, double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture), failed, latencies, null, null,
                failed > 0 ? $"pgbench reported {failed} failed transactions" : null);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string>
        {
            ["PGHOST"] = cs.Host!, ["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = cs.Username!, ["PGPASSWORD"] = cs.Password!, ["PGDATABASE"] = cs.Database!,
        };
    }

    private async Task<string> ExecAsync(string arguments)
    {
        var binary = File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";
        var start = new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in _env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pgbench {arguments} failed:\n{await stderr}\n{await stdout}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex Processed();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();
}
