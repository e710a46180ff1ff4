using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ledger.Bench;

/// <summary>Runs PostgreSQL's own pgbench (built-in TPC-B-like script) against the same server.</summary>
internal static partial class PgBench
{
    public static async Task<double> RunAsync(string connectionString, int clients, int seconds, int scale)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var env = new Dictionary<string, string>
        {
            ["PGHOST"] = cs.Host!, ["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = cs.Username!, ["PGPASSWORD"] = cs.Password!, ["PGDATABASE"] = cs.Database!,
        };
        await ExecAsync(env, $"-i -q -s {scale}");
        var output = await ExecAsync(env, $"-b tpcb-like -M prepared -c {clients} -j {Math.Min(clients, Environment.ProcessorCount)} -T {seconds} -n");
        var match = Tps().Match(output);
        if (!match.Success) throw new InvalidOperationException("pgbench printed no tps:\n" + output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> ExecAsync(Dictionary<string, string> env, string arguments)
    {
        var binary = File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";
        var start = new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pgbench {arguments} failed:\n{await stderr}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
