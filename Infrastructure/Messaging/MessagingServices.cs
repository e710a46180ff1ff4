using Ledger.Infrastructure.Messaging.Consumers;
using Ledger.Infrastructure.Messaging.Inbox;
using Ledger.Infrastructure.Messaging.Publishing;
using Ledger.Infrastructure.Messaging.Transport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Infrastructure.Messaging;

public static class MessagingServices
{
    /// <summary>Name of the broker's health check (tagged "ready").</summary>
    public const string HealthCheckName = "broker";

    /// <summary>Name of the publisher's health check (tagged "ready"): degraded while publishing fails.</summary>
    public const string PublisherHealthCheckName = "publisher";

    /// <summary>
    /// Integration events: the publishing subscription on the event store (run by the async daemon that
    /// <c>AddInfrastructure</c> registers), the bus (RabbitMQ when configured, in memory otherwise), the
    /// consumer inbox and the ledger's own consumers. Call after <c>AddInfrastructure</c>.
    /// </summary>
    /// <param name="configureBus">Adds more consumers to the same bus (tests add a recorder).</param>
    public static IServiceCollection AddMessaging(this IServiceCollection services, MessagingOptions options,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        services.AddSingleton(options);
        services.AddSingleton<PublisherState>();
        services.AddSingleton<PublishResilience>();
        services.AddSingleton<IntegrationEventPublisher>();
        services.AddSingleton<ConsumerInbox>();
        services.AddSingleton<ConsumerRetries>();
        services.AddSingleton<Audit.Witness.ICheckpointWitness, Witness.BusCheckpointWitness>();
        services.ConfigureMarten((sp, store) =>
        {
            store.Events.Subscribe(sp.GetRequiredService<IntegrationEventPublisher>());
            store.Storage.ExtendedSchemaObjects.Add(InboxSchema.Table(options.Schema));
            store.Storage.ExtendedSchemaObjects.Add(MerchantSettlementFeedSchema.Table(options.Schema));
        });

        services.AddHealthChecks().AddCheck<PublisherHealthCheck>(PublisherHealthCheckName, tags: ["ready"]);

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EntityPrefix, includeNamespace: false));
            bus.AddConsumer<MerchantSettlementFeedConsumer, MerchantSettlementFeedConsumerDefinition>();
            configureBus?.Invoke(bus);
            // A broker outage degrades readiness instead of failing it: payments go on, and the
            // publisher catches up when the broker returns.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = HealthCheckName;
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Clear();
                health.Tags.Add("ready");
            });

            if (options.RabbitMq is { } broker)
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    RabbitMqHost.Configure(rabbit, broker);
                    rabbit.MessageTopology.SetEntityNameFormatter(
                        new ContractEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, options.EntityPrefix));
                    rabbit.ConfigureEndpoints(context);
                });
            else
                bus.UsingInMemory((context, memory) =>
                {
                    memory.MessageTopology.SetEntityNameFormatter(
                        new ContractEntityNameFormatter(memory.MessageTopology.EntityNameFormatter, options.EntityPrefix));
                    memory.ConfigureEndpoints(context);
                });
        });
        return services;
    }
}
