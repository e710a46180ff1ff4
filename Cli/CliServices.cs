using Ledger.Infrastructure;
using Ledger.Infrastructure.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Cli;

/// <summary>What the database verbs run on: the ledger's infrastructure, configured like the service.</summary>
internal static class CliServices
{
    /// <summary>
    /// Environment variables (<c>ConnectionStrings__Ledger</c>, <c>Audit__SigningKeyPath</c>, ...), then the secret files of
    /// <c>Ledger:SecretsDirectory</c>, as for the service. Nothing is started: no daemon, no chain loop.
    /// </summary>
    public static ServiceProvider Build()
    {
        var configuration = Configuration();
        var connection = configuration.GetConnectionString("Ledger")
            ?? throw new CommandRefused("set ConnectionStrings__Ledger (source .data/env after scripts/setup.sh)");
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddInfrastructure(connection)
            .BuildServiceProvider();
    }

    public static IConfigurationRoot Configuration()
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        var directory = builder.Build()[SecretFiles.DirectorySetting];
        return builder.AddSecretFiles(directory, Environment.GetEnvironmentVariable).Build();
    }
}
