using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// Degraded while integration events cannot be published. Never unhealthy: payments do not depend on
/// the broker, and the events wait safely in the store until it returns. Also says how many events
/// of the published kinds wait behind the publisher's checkpoint (its lag).
/// </summary>
public sealed class PublisherHealthCheck(PublisherState state, NpgsqlDataSource dataSource, MessagingOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var lag = await LagAsync(ct);
        var data = new Dictionary<string, object>
        {
            ["published"] = state.Published,
            ["failedAttempts"] = state.FailedAttempts,
            ["circuitOpen"] = state.CircuitOpen,
        };
        if (lag is { } behind) data["lag"] = behind;
        var lagText = lag is { } l ? $"; {l} events behind the store" : "";

        return state.CircuitOpen || state.ConsecutiveFailures > 0
            ? HealthCheckResult.Degraded(
                $"Publishing is failing ({state.ConsecutiveFailures} failed attempts in a row, circuit {(state.CircuitOpen ? "open" : "closed")}); events wait in the store{lagText}.",
                data: data)
            : HealthCheckResult.Healthy($"{state.Published} integration events published since start{lagText}.", data);
    }

    // Null when PostgreSQL does not answer: its own check says so.
    private async Task<long?> LagAsync(CancellationToken ct)
    {
        try
        {
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(PublisherLag.Command(options.Schema));
            batch.Timeout = 3;
            return (long)(await batch.ExecuteScalarAsync(ct))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }
}
