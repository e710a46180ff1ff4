using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary>What the audit and replay verbs run on: the ledger's infrastructure, configured like the service.</summary>
public static class CliServices
{
    /// <summary>
    /// appsettings.json beside the executable, then environment variables (<c>ConnectionStrings__Ledger</c>,
    /// <c>Audit__SigningKeyPath</c>, ...), as for the service. Nothing is started: no daemon, no chain loop.
    /// </summary>
    public static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var connection = configuration.GetConnectionString("Ledger")
            ?? throw new CliUsageError("set ConnectionStrings__Ledger (source .data/env after scripts/setup.sh)");
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddInfrastructure(connection)
            .BuildServiceProvider();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new Domain.CurrencyJsonConverter() },
    };
}
