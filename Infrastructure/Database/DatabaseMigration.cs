using Ledger.Infrastructure.EventStore;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Infrastructure.Database;

/// <summary>
/// Brings a database up to the service's schema, as its owner: Marten's tables and functions for everything that owns
/// storage in the service (<see cref="DependencyInjection.AddInfrastructure"/> and <see cref="EventSubscribers.AddEventSubscribers"/>,
/// composed as the service composes them, so the inbox and fraud tables are there too), then the history guards and
/// the runtime role's grants. The service itself never changes the schema: it runs as the runtime role
/// (<c>ConnectionStrings:Ledger</c>), which may not.
/// </summary>
public static class DatabaseMigration
{
    /// <param name="configuration">Reads <c>ConnectionStrings:LedgerOwner</c> (whose user owns the schema) and, for the
    /// runtime role to grant to, the user of <c>ConnectionStrings:Ledger</c>.</param>
    /// <returns>The runtime role granted to, or null when the service runs as the owner.</returns>
    public static async Task<string?> MigrateAsync(IConfiguration configuration, CancellationToken ct)
    {
        var owner = configuration.GetConnectionString("LedgerOwner")
            ?? throw new InvalidOperationException("Set ConnectionStrings:LedgerOwner (env ConnectionStrings__LedgerOwner): the schema owner's connection.");
        var runtime = configuration.GetConnectionString("Ledger");
        var runtimeRole = runtime is null ? null : new NpgsqlConnectionStringBuilder(runtime).Username;
        var ownerRole = new NpgsqlConnectionStringBuilder(owner).Username;

        // Built, never started: no daemon, no bus. Nothing is logged, so stdout of `ledger db migrate` holds the result only.
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddInfrastructure(owner)
            .AddEventSubscribers(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var role = runtimeRole == ownerRole ? null : runtimeRole;
        await LedgerDatabaseSecurity.ApplyAsync(services.GetRequiredService<NpgsqlDataSource>(), MartenSetup.DefaultSchema, role, ct);
        return role;
    }
}
