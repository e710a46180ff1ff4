using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ledger.Bench;

/// <summary>
/// The work the API does after a payment, off its path, when the bench is asked for it (<c>LEDGER_BENCH_DAEMON=1</c>):
/// the store's async daemon with every asynchronous projection (the fraud views), the fraud rules (in shadow mode, so
/// they raise alerts but suspend no till mid-round) and the infrastructure's other hosted service, the audit chain. It
/// runs in the bench's process, as it runs in the API's, on the same database as the payments. The broker's publisher is
/// left out: it needs RabbitMQ.
/// A side's rate is only sustainable if this work keeps up, so after each of the ledger's turns the bench reports how far
/// behind it was and waits, untimed, until it has caught up: its backlog never runs into the next side's round.
/// </summary>
internal sealed class BackgroundWork(IServiceProvider startedBy, IReadOnlyList<IHostedService> services, string connectionString)
{
    /// <summary>The services whose daemon this is (stopped with them).</summary>
    public IServiceProvider StartedBy => startedBy;

    public static bool Requested => Environment.GetEnvironmentVariable("LEDGER_BENCH_DAEMON") == "1";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<BackgroundWork> StartAsync(IServiceProvider services, string connectionString)
    {
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
        var work = new BackgroundWork(services, hosted, connectionString);
        await work.CatchUpAsync();
        return work;
    }

    /// <summary>How many events the background work (<see cref="BackgroundLag"/>) was behind now, and how long it took to catch up.</summary>
    /// <exception cref="TimeoutException">not caught up within five minutes: the bench fails rather than time the backlog.</exception>
    public async Task<(long Behind, TimeSpan Took)> CatchUpAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        var behind = await BackgroundLag.BehindAsync(connection);
        for (var left = behind; left > 0; left = await BackgroundLag.BehindAsync(connection))
        {
            if (clock.Elapsed > Limit)
                throw new TimeoutException($"The background work is still {left} events behind after {Limit.TotalMinutes} minutes.");
            await Task.Delay(20);
        }
        return (behind, clock.Elapsed);
    }

    public async Task StopAsync()
    {
        foreach (var service in services) await service.StopAsync(CancellationToken.None);
    }
}
