using MassTransit;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Transient database errors are retried in place before a message goes to the error queue. The queue
/// is named by the endpoint name formatter (<c>{prefix}merchant-settlement-feed</c>).
/// </summary>
public sealed class MerchantSettlementFeedConsumerDefinition : ConsumerDefinition<MerchantSettlementFeedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<MerchantSettlementFeedConsumer> consumer, IRegistrationContext context) =>
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(200)));
}
