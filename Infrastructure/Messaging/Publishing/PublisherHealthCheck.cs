using Ledger.Infrastructure.EventStore;
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

    // Stored events of the published types past the subscription's checkpoint. Not the daemon's
    // high-water mark minus the checkpoint: a filtered subscription's checkpoint does not move over
    // trailing events of other types. Null when PostgreSQL does not answer: its own check says so.
    private async Task<long?> LagAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand(
                $"select count(*) from {options.Schema}.mt_events where type = any($2) and seq_id > " +
                $"coalesce((select last_seq_id from {options.Schema}.mt_event_progression where name = $1), 0)");
            cmd.Parameters.AddWithValue(IntegrationEventPublisher.SubscriptionName + ":All");
            cmd.Parameters.AddWithValue(PublishedTypeNames);
            cmd.CommandTimeout = 3;
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    private static readonly string[] PublishedTypeNames =
        IntegrationEventTranslation.SourceTypes.Select(t => EventTypeNames.All[t]).ToArray();
}
