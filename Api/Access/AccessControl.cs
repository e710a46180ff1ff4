using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

public static class AccessControl
{
    /// <summary>Bearer credentials: the configured ones ensured at start (the audit read log is made append-only by the migration, HistoryGuards); access in the OpenAPI document.</summary>
    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<BootstrapCredentials>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", AccessOpenApi.Describe);
        return builder;
    }
}
