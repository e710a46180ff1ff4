using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

public static class AccessControl
{
    /// <summary>Bearer credentials: the configured ones ensured at start; the audit read log made append-only; access in the OpenAPI document.</summary>
    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        // After Marten's own start-up work (registered earlier), which creates the tables.
        builder.Services.AddHostedService<AuditReadLogGuard>();
        builder.Services.AddHostedService<BootstrapCredentials>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", AccessOpenApi.Describe);
        return builder;
    }

    private sealed class AuditReadLogGuard(AuditReadLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.EnsureAppendOnlyAsync(cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
