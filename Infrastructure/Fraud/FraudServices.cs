using Ledger.Domain.Fraud;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Fraud;

/// <param name="RespondAutomatically">
/// When false the rules still raise alerts but nothing is frozen or suspended without an operator ("shadow mode",
/// for trying new thresholds, and for test suites that play attacks at one terminal on purpose).
/// </param>
public sealed record FraudOptions(bool RespondAutomatically = true)
{
    public static FraudOptions FromConfiguration(IConfiguration configuration) =>
        new(configuration.GetValue("Ledger:Fraud:RespondAutomatically", true));
}

public static class FraudServices
{
    /// <summary>
    /// The fraud rule runner and, unless switched off, the policy that acts on high alerts: subscriptions run by
    /// the async daemon. The fraud views are registered with the store (<c>MartenSetup</c>). Call after
    /// <c>AddInfrastructure</c>.
    /// </summary>
    public static IServiceCollection AddFraud(this IServiceCollection services, FraudOptions? options = null)
    {
        options ??= new FraudOptions();
        services.AddSingleton(FraudPolicy.Default);
        services.AddSingleton<FraudRuleRunner>();
        services.AddSingleton<FraudPolicyReactor>();
        services.AddSingleton<FraudReads>();
        services.ConfigureMarten((sp, store) =>
        {
            store.Events.Subscribe(sp.GetRequiredService<FraudRuleRunner>());
            if (options.RespondAutomatically)
                store.Events.Subscribe(sp.GetRequiredService<FraudPolicyReactor>());
        });
        return services;
    }
}
