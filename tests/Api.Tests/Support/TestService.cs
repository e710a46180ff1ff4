using System.Collections.Concurrent;
using Ledger.Infrastructure.Database;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Ledger.Api.Tests.Support;

/// <summary>The service under test on its own database and its own broker names.</summary>
public static class TestService
{
    /// <summary>
    /// Each instance gets queue and exchange names of its own: instances sharing a queue would compete for
    /// its messages, and a verify-and-pay request could be taken by another test's service on another
    /// database, or by one already shut down. No bearer tokens of a local run (.data/env) unless given.
    /// </summary>
    /// <param name="connectionString">The database as its owner: the schema is migrated with it (once), and the service
    /// then runs as the runtime role on the same database, as in production.</param>
    public static WebApplicationFactory<Program> Create(string connectionString, Action<IWebHostBuilder>? configure = null, string operatorToken = "")
    {
        var runtime = TestDatabase.RuntimeFor(connectionString);
        Migrate(connectionString, runtime);
        return new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Ledger", runtime);
            web.UseSetting("Messaging:EntityPrefix", $"api-test-{Guid.NewGuid():N}"[..17] + ".");
            web.UseSetting("Ledger:Credentials:Operator", operatorToken);
            web.UseSetting("Ledger:Credentials:Auditor", "");
            // Every in-process client of every test shares one (empty) client address: a bucket per address would make
            // tests throttle each other. The per-terminal-key bucket stays on; RateLimitTests covers both.
            web.UseSetting("RateLimits:PerClientAddressPerSecond", "0");
            // A biometric key store of its own: each service's keys and secrets apart from every other's.
            web.UseSetting("Biometrics:KeyStore", KeyStoreDirectory());
            // A witness file of its own: a witness belongs to one log, and another service's checkpoints in it would
            // (rightly) make this one refuse to start its chain from genesis.
            web.UseSetting("Audit:WitnessDirectory", Path.Combine(Path.GetTempPath(), "ledger-test-witness", Guid.NewGuid().ToString("N")));
            configure?.Invoke(web);
        });
    }

    private static readonly ConcurrentDictionary<string, bool> Migrated = new();

    /// <summary>`ledger db migrate` as the owner: the schema, the history guards, the runtime role's grants.</summary>
    public static void Migrate(string ownerConnection, string runtimeConnection)
    {
        if (Migrated.ContainsKey(ownerConnection)) return;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:LedgerOwner"] = ownerConnection,
            ["ConnectionStrings:Ledger"] = runtimeConnection,
        }).Build();
        DatabaseMigration.MigrateAsync(configuration, CancellationToken.None).GetAwaiter().GetResult();
        Migrated[ownerConnection] = true;
    }

    /// <summary>A fresh directory for one service's biometric key store, under the temporary directory.</summary>
    public static string KeyStoreDirectory() => Path.Combine(Path.GetTempPath(), "ledger-test-keys", Guid.NewGuid().ToString("N"));
}
