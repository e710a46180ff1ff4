using System.Security.Cryptography;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;

namespace Ledger.Api.Terminals;

public static class TerminalCredentials
{
    public const string MasterKeySetting = "Ledger:MasterKey";

    /// <summary>
    /// Terminal keys sealed under <c>Ledger:MasterKey</c> (base64 of 32 bytes; env <c>Ledger__MasterKey</c>).
    /// In the Development environment (tests, local runs) a fixed development key stands in when none is set;
    /// anywhere else a missing key stops the service at start rather than sealing secrets under a known key.
    /// </summary>
    public static WebApplicationBuilder AddTerminalCredentials(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[MasterKeySetting];
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton(_ => new SecretSealer(MasterKey(configured, isDevelopment)));
        var v1Until = builder.Configuration["Terminals:SignatureV1AcceptedUntil"];
        builder.Services.AddSingleton(string.IsNullOrWhiteSpace(v1Until) ? TerminalSignaturePolicy.Default
            : new TerminalSignaturePolicy(DateTimeOffset.Parse(v1Until, System.Globalization.CultureInfo.InvariantCulture)));
        builder.Services.AddSingleton(AttemptPolicy(builder.Configuration));
        var keyCache = new TerminalKeyCache(
            TimeSpan.FromSeconds(builder.Configuration.GetValue("Terminals:KeyCacheSeconds", TerminalKeyCache.DefaultLifetime.TotalSeconds)),
            builder.Configuration.GetValue("Terminals:KeysCached", TerminalKeyCache.DefaultCapacity));
        builder.Services.AddSingleton(sp => new TerminalKeyStore(sp.GetRequiredService<Marten.IDocumentStore>(),
            sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(LedgerDataSource.PlainStatements), sp.GetRequiredService<SecretSealer>(),
            MartenSetup.DefaultSchema, keyCache, builder.Configuration.GetValue("Terminals:BatchNonces", true)));
        return builder;
    }

    /// <summary>
    /// How many failed face or code attempts within a window suspend a terminal (<c>Terminals:FailedAttempts:Max</c>,
    /// <c>:WindowSeconds</c>, <c>:PolicyVersion</c>; 5 per minute by default). A changed value needs a new version: the
    /// version is recorded with every suspension.
    /// </summary>
    private static Domain.Terminals.TerminalAttemptPolicy AttemptPolicy(IConfiguration configuration)
    {
        var section = configuration.GetSection("Terminals:FailedAttempts");
        var d = Domain.Terminals.TerminalAttemptPolicy.Default;
        var policy = new Domain.Terminals.TerminalAttemptPolicy(section["PolicyVersion"] ?? d.Version, section.GetValue("Max", d.MaxFailures),
            TimeSpan.FromSeconds(section.GetValue("WindowSeconds", d.Window.TotalSeconds)));
        if (string.IsNullOrWhiteSpace(policy.Version) || policy.MaxFailures < 1 || policy.Window <= TimeSpan.Zero)
            throw new InvalidOperationException($"Terminals:FailedAttempts is not valid: {policy}.");
        return policy;
    }

    private static byte[] MasterKey(string? configured, bool isDevelopment)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var key = Convert.FromBase64String(configured);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{MasterKeySetting} must be base64 of exactly 32 bytes.");
        }
        if (isDevelopment)
            // DEVELOPMENT ONLY, NOT SECRET: anyone can derive it from this line. Never used outside Development.
            return SHA256.HashData("ledger development master key - not a secret"u8);
        throw new InvalidOperationException(
            $"Set {MasterKeySetting} (env Ledger__MasterKey) to base64 of 32 random bytes, e.g. `openssl rand -base64 32`, " +
            "or run with ASPNETCORE_ENVIRONMENT=Development to use the public development key.");
    }
}
