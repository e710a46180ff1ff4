using System.Net;
using System.Net.Sockets;
using Ledger.Api.Health;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ledger.Api.Tests.Diagnostics;

/// <summary>
/// The database's readiness against a real PostgreSQL, a port that accepts connections and never answers (a database
/// gone silent, or a machine too busy to answer within the deadline), and a port nobody listens on.
/// </summary>
public sealed class PostgresReadinessTests
{
    private static readonly HealthCheckContext Context = new()
    {
        Registration = new HealthCheckRegistration("postgresql", _ => throw new InvalidOperationException(), null, null),
    };

    [Fact]
    public async Task A_database_that_answers_is_ready()
    {
        await using var real = NpgsqlDataSource.Create(TestDatabase.ServerConnection);
        var result = await new PostgresHealthCheck(real, new PostgresAnswers(), new ManualClock()).CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task A_slow_probe_soon_after_an_answer_is_degraded_and_still_ready_and_silence_past_the_grace_is_not()
    {
        var clock = new ManualClock();
        var answers = new PostgresAnswers();
        await using var real = NpgsqlDataSource.Create(TestDatabase.ServerConnection);
        Assert.Equal(HealthStatus.Healthy, (await new PostgresHealthCheck(real, answers, clock).CheckHealthAsync(Context)).Status);

        using var silent = new SilentServer();
        await using var silentSource = NpgsqlDataSource.Create(silent.ConnectionString);
        var slow = new PostgresHealthCheck(silentSource, answers, clock);

        clock.Advance(PostgresHealthCheck.SlowFor);
        var degraded = await slow.CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);

        // One tick past the grace: silent for too long.
        clock.Advance(TimeSpan.FromTicks(1));
        var unready = await slow.CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Unhealthy, unready.Status);
    }

    [Fact]
    public async Task A_database_never_heard_from_is_unready_when_silent()
    {
        using var silent = new SilentServer();
        await using var source = NpgsqlDataSource.Create(silent.ConnectionString);
        var result = await new PostgresHealthCheck(source, new PostgresAnswers(), new ManualClock()).CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task A_refused_connection_is_unready_at_once_even_right_after_an_answer()
    {
        var clock = new ManualClock();
        var answers = new PostgresAnswers();
        await using var real = NpgsqlDataSource.Create(TestDatabase.ServerConnection);
        Assert.Equal(HealthStatus.Healthy, (await new PostgresHealthCheck(real, answers, clock).CheckHealthAsync(Context)).Status);

        var port = FreePort();
        await using var refused = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x");
        var result = await new PostgresHealthCheck(refused, answers, clock).CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Accepts connections and never says a word.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();

        public SilentServer()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync(_stop.Token);
                        lock (_accepted) _accepted.Add(socket);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
            });
        }

        public string ConnectionString =>
            $"Host=127.0.0.1;Port={((IPEndPoint)_listener.LocalEndpoint).Port};Username=x;Password=x;Database=x;Timeout=30;Pooling=false";

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted) foreach (var socket in _accepted) socket.Dispose();
            _stop.Dispose();
        }
    }
}
