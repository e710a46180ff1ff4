using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ledger.Api.Health;

/// <summary>
/// Readiness of the database: PostgreSQL answers a query (not only a socket that opens) within <see cref="Deadline"/>.
/// A refusal (connection refused, reset, authentication) is unready at once. A probe that merely ran out of time, while
/// PostgreSQL answered one within <see cref="SlowFor"/>, is degraded and still ready: on a busy machine (a flood of
/// requests, a neighbour's build) one slow probe must not take the instance out of its balancer and back, which would
/// hand a flood the outage it is after. A database that stays silent longer is unready.
/// </summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, PostgresAnswers answers, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan SlowFor = TimeSpan.FromSeconds(15);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        try
        {
            // Npgsql does not cancel a connection's start-up handshake; the probe stops waiting for it all the same.
            await ProbeAsync(deadline.Token).WaitAsync(Deadline, ct);
            answers.Answered(clock.GetUtcNow());
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (TimedOut(e, deadline.Token, ct))
        {
            var last = answers.Last;
            return last is { } at && clock.GetUtcNow() - at <= SlowFor
                ? HealthCheckResult.Degraded($"PostgreSQL did not answer within {Deadline.TotalSeconds:0} s; it last answered at {at:O}.", e)
                : HealthCheckResult.Unhealthy($"PostgreSQL has not answered for over {SlowFor.TotalSeconds:0} s.", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }

    private async Task ProbeAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    private static bool TimedOut(Exception e, CancellationToken deadline, CancellationToken caller) =>
        !caller.IsCancellationRequested && (deadline.IsCancellationRequested && e is OperationCanceledException or NpgsqlException
            || e is TimeoutException || e is NpgsqlException { InnerException: TimeoutException });
}

/// <summary>When PostgreSQL last answered the readiness probe (one per process).</summary>
public sealed class PostgresAnswers
{
    private long _lastTicks;

    public DateTimeOffset? Last => Interlocked.Read(ref _lastTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public void Answered(DateTimeOffset at) => Interlocked.Exchange(ref _lastTicks, at.UtcTicks);
}
