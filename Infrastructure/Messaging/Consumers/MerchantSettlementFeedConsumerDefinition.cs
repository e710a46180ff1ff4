using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// A database that does not answer is waited out in place (the message stays unacknowledged on the
/// broker meanwhile, so nothing is lost if the process dies): exponential from 200 ms to 30 s, about
/// three minutes in all, before the message goes to the error queue. Anything else is a bug and goes
/// there at once. The queue is named by the endpoint name formatter (<c>{prefix}merchant-settlement-feed</c>).
/// </summary>
public sealed class MerchantSettlementFeedConsumerDefinition : ConsumerDefinition<MerchantSettlementFeedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<MerchantSettlementFeedConsumer> consumer, IRegistrationContext context) =>
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<NpgsqlException>();
            r.Handle<TimeoutException>();
            r.Exponential(12, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
            r.ConnectRetryObserver(context.GetRequiredService<ConsumerRetries>());
        });
}
