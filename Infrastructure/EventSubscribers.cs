using Ledger.Infrastructure.Fraud;
using Ledger.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure;

public static class EventSubscribers
{
    /// <summary>
    /// What acts on the recorded events, as configured: the fraud rules and policy (<c>Ledger:Fraud</c>) and the
    /// integration events with their consumer inbox (<c>ConnectionStrings:RabbitMq</c>, <c>Messaging</c>). The service
    /// and the schema migration (<see cref="Database.DatabaseMigration"/>) both compose it here, so the migration creates
    /// every table the service writes to. Call after <see cref="DependencyInjection.AddInfrastructure"/>.
    /// </summary>
    /// <param name="configureBus">Adds the host's own consumers to the bus (the service's face payments).</param>
    public static IServiceCollection AddEventSubscribers(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? configureBus = null) =>
        services
            // Fraud rules and policy on the async daemon; Ledger:Fraud:RespondAutomatically=false keeps only the alerts.
            .AddFraud(FraudOptions.FromConfiguration(configuration))
            // Integration events: RabbitMQ when ConnectionStrings:RabbitMq is set, in memory otherwise. Adds the
            // "broker" and "publisher" checks to /health/ready (degraded, never unhealthy, while the broker is away).
            .AddMessaging(MessagingOptions.FromConfiguration(configuration), configureBus);
}
