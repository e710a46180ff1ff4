using Ledger.Infrastructure.Biometrics;
using Ledger.Infrastructure.EventStore;

namespace Ledger.Api.FacePay;

/// <summary>
/// The biometric key store's directory, <c>Biometrics:KeyStore</c> (env <c>Biometrics__KeyStore</c>; set-up points it at
/// <c>.data/biometric-keys</c>). Outside Development a missing setting stops the service: keys kept in some default
/// place would end up in whatever backs that place up.
/// </summary>
public static class BiometricKeyStoreSetup
{
    public const string Setting = "Biometrics:KeyStore";

    public static IBiometricKeyStore Open(IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = configuration[Setting];
        if (string.IsNullOrWhiteSpace(directory))
        {
            if (!environment.IsDevelopment())
                throw new InvalidOperationException(
                    $"Set {Setting} (env Biometrics__KeyStore) to a directory for the biometric key store, on a volume that is not backed up with the database.");
            // DEVELOPMENT ONLY: a private folder per user under the temporary directory.
            directory = Path.Combine(Path.GetTempPath(), $"ledger-dev-biometric-keys-{Environment.UserName}");
        }
        return new FileBiometricKeyStore(directory);
    }
}

/// <summary>Moves the data keys of a database from before the key store into it, once the schema is in place.</summary>
public sealed class LegacyDataKeyMove(Npgsql.NpgsqlDataSource dataSource, IBiometricKeyStore keys, ILogger<LegacyDataKeyMove> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var moved = await LegacyDataKeys.MoveAsync(dataSource, keys, MartenSetup.DefaultSchema, ct);
        if (moved > 0) log.LogInformation("Moved {Count} face data keys from the database into the biometric key store", moved);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
