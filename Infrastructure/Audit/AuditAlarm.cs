using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Raised when the audit trail refuses to go on (the chain is empty although checkpoints were signed): readiness
/// reports it until someone restores the history, because carrying on would sign a rewritten one.
/// </summary>
public sealed class AuditAlarm
{
    private volatile string? _reason;

    public string? Reason => _reason;
    public void Raise(string reason) => _reason = reason;
    public void Clear() => _reason = null;
}

/// <summary>Readiness check <c>audit-chain</c>: unhealthy while the <see cref="AuditAlarm"/> is raised.</summary>
public sealed class AuditAlarmHealthCheck(AuditAlarm alarm) : IHealthCheck
{
    public const string Name = "audit-chain";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(alarm.Reason is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());
}

/// <summary>The chain writer will not start the chain again from genesis over a history that was already signed.</summary>
public sealed class AuditHistoryRefused(string message) : Exception(message);
