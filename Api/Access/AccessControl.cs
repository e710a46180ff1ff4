namespace Ledger.Api.Access;

public static class AccessControl
{
    /// <summary>Bearer credentials: the configured ones ensured at start.</summary>
    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<BootstrapCredentials>();
        return builder;
    }
}
