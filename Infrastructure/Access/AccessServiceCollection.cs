using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Access;

public static class AccessServiceCollection
{
    /// <summary>Bearer credentials and the audit read log, for the service and the <c>ledger credentials</c> CLI.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, string schema)
    {
        services.AddSingleton(sp => new CredentialStore(sp.GetRequiredService<Marten.IDocumentStore>(),
            sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), schema));
        services.AddSingleton(sp => new AuditReadLog(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), schema));
        return services;
    }
}
