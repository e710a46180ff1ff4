using System.Diagnostics;
using RabbitMQ.Client;

namespace Ledger.Integration.Tests.Messaging.Support;

/// <summary>The real RabbitMQ that scripts/setup.sh starts, shared by every test project: never stopped by a test.</summary>
public static class Broker
{
    public static Uri Uri => new(Environment.GetEnvironmentVariable("LEDGER_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:55672/");

    /// <summary>The virtual host of <see cref="Uri"/> (scripts/test.sh gives each run one of its own).</summary>
    public static string VirtualHost =>
        Uri.AbsolutePath.TrimStart('/') is { Length: > 0 } path ? System.Uri.UnescapeDataString(path) : "/";

    /// <summary>Deletes the queues and exchanges one test run created (all of them start with its prefix).</summary>
    public static async Task DeleteEntitiesAsync(string prefix)
    {
        var queues = Named(await CtlAsync("list_queues", "name", "--no-table-headers"), prefix);
        var exchanges = Named(await CtlAsync("list_exchanges", "name", "--no-table-headers"), prefix);
        var factory = new ConnectionFactory { Uri = Uri };
        await using var connection = await factory.CreateConnectionAsync();
        var failures = new List<Exception>();
        // A channel per entity: a refused delete closes its channel and must not stop the others.
        foreach (var delete in queues.Select(q => (Func<IChannel, Task>)(c => c.QueueDeleteAsync(q)))
                     .Concat(exchanges.Select(x => (Func<IChannel, Task>)(c => c.ExchangeDeleteAsync(x)))))
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync();
                await delete(channel);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("Some test queues or exchanges were not deleted.", failures);
    }

    /// <summary>
    /// Messages in each queue of one run (all names start with its prefix), ready and unacknowledged together: a
    /// queue at 0 has had every message it received acknowledged. Queues never declared are not listed.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string prefix) =>
        (await CtlAsync("list_queues", "name", "messages", "--no-table-headers"))
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(row => row.Length == 2 && row[0].StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(row => row[0], row => long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));

    private static IEnumerable<string> Named(string listing, string prefix) =>
        listing.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<string> CtlAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Executable, ["-q", "-p", VirtualHost, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // rabbitmqctl starts an Erlang VM per call: on a 2-core machine under a load of 40 it took over 2 minutes
        // (CheckpointWitnessBusTests, 2026-12-03) without hanging. The deadline only guards against a real hang.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    // The checkout's own node (scripts/broker-ctl.sh, named in .data/env); a machine's broker otherwise.
    private static string Executable =>
        Environment.GetEnvironmentVariable("LEDGER_RABBITMQCTL") is { Length: > 0 } ctl ? ctl
        : new[] { "/usr/sbin/rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl" }.FirstOrDefault(File.Exists) ?? "rabbitmqctl";
}
