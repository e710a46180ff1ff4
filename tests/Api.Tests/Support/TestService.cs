using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Api.Tests.Support;

/// <summary>The service under test on its own database and its own broker names.</summary>
public static class TestService
{
    /// <summary>
    /// Each instance gets queue and exchange names of its own: instances sharing a queue would compete for
    /// its messages, and a verify-and-pay request could be taken by another test's service on another
    /// database, or by one already shut down. No bearer tokens of a local run (.data/env) unless given.
    /// </summary>
    public static WebApplicationFactory<Program> Create(string connectionString, Action<IWebHostBuilder>? configure = null, string operatorToken = "") =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Ledger", connectionString);
            web.UseSetting("Messaging:EntityPrefix", $"api-test-{Guid.NewGuid():N}"[..17] + ".");
            web.UseSetting("Ledger:Credentials:Operator", operatorToken);
            web.UseSetting("Ledger:Credentials:Auditor", "");
            // Every in-process client of every test shares one (empty) client address: a bucket per address would make
            // tests throttle each other. The per-terminal-key bucket stays on; RateLimitTests covers both.
            web.UseSetting("RateLimits:PerClientAddressPerSecond", "0");
            // A biometric key store of its own: each service's keys and secrets apart from every other's.
            web.UseSetting("Biometrics:KeyStore", KeyStoreDirectory());
            configure?.Invoke(web);
        });

    /// <summary>A fresh directory for one service's biometric key store, under the temporary directory.</summary>
    public static string KeyStoreDirectory() => Path.Combine(Path.GetTempPath(), "ledger-test-keys", Guid.NewGuid().ToString("N"));
}
