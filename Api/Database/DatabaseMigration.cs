using Ledger.Infrastructure.Database;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;

namespace Ledger.Api.Database;

/// <summary>
/// Brings a database up to the service's schema, as its owner: Marten's tables and functions for everything the
/// service registers (the same composition as the service, so the inbox and fraud tables are there too), then
/// the history guards and the runtime role's grants. The service itself never changes the schema: it runs as
/// the runtime role (<c>ConnectionStrings:Ledger</c>), which may not.
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

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration["ConnectionStrings:Ledger"] = owner;
        builder.AddLedgerApi();
        // Run as `ledger db migrate`, stdout holds the result only (docs/CLI.md): what the composition logs while it is
        // built (MassTransit names its endpoints, at Information) goes to stderr with the rest of the notes.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        await using var app = builder.Build();
        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var role = runtimeRole == ownerRole ? null : runtimeRole;
        await LedgerDatabaseSecurity.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), MartenSetup.DefaultSchema, role, ct);
        return role;
    }
}
