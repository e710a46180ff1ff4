using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// Degraded while integration events cannot be published. Never unhealthy: payments do not depend on
/// the broker, and the events wait safely in the store until it returns.
/// </summary>
public sealed class PublisherHealthCheck(PublisherState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(state.CircuitOpen || state.ConsecutiveFailures > 0
            ? HealthCheckResult.Degraded(
                $"Publishing is failing ({state.ConsecutiveFailures} failed attempts in a row, circuit {(state.CircuitOpen ? "open" : "closed")}); events wait in the store.")
            : HealthCheckResult.Healthy($"{state.Published} integration events published since start."));
}
