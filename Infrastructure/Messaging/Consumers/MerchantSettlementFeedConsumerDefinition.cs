using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Batches: up to <see cref="BatchLimit"/> messages of a type, or what arrived within <see cref="BatchWait"/> of the
/// first, one batch at a time; so the feed trails the payments by at most that wait plus a commit, and a busy merchant's
/// row moves once per batch. A database that does not answer is waited out in place (the messages stay unacknowledged on
/// the broker meanwhile, so nothing is lost if the process dies): exponential from 200 ms to 30 s, about three minutes
/// in all, before they go to the error queue. Anything else is a bug and goes there at once. The queue is named by the
/// endpoint name formatter (<c>{prefix}merchant-settlement-feed</c>).
/// </summary>
public sealed class MerchantSettlementFeedConsumerDefinition : ConsumerDefinition<MerchantSettlementFeedConsumer>
{
    public const int BatchLimit = 100;
    public static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(20);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<MerchantSettlementFeedConsumer> consumer, IRegistrationContext context)
    {
        consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(BatchLimit).SetTimeLimit(BatchWait).SetConcurrencyLimit(1));
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<NpgsqlException>();
            r.Handle<TimeoutException>();
            r.Exponential(12, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
            r.ConnectRetryObserver(context.GetRequiredService<ConsumerRetries>());
        });
    }
}
