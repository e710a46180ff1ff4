using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Inbox;
using MassTransit;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Keeps the merchant settlement feed from payment integration events. Its increments are not
/// idempotent by themselves; the inbox makes each message count once.
/// </summary>
public sealed class MerchantSettlementFeedConsumer(ConsumerInbox inbox, MessagingOptions options)
    : IConsumer<PaymentAuthorizedIntegrationEvent>, IConsumer<PaymentRefundedIntegrationEvent>
{
    /// <summary>This consumer's name in the inbox.</summary>
    public const string InboxName = "merchant_settlement_feed";

    public Task Consume(ConsumeContext<PaymentAuthorizedIntegrationEvent> context) =>
        AddAsync(context, context.Message.MerchantId, context.Message.Currency, count: 1,
            authorizedMinor: context.Message.AmountMinor, refundedMinor: 0);

    public Task Consume(ConsumeContext<PaymentRefundedIntegrationEvent> context) =>
        AddAsync(context, context.Message.MerchantId, context.Message.Currency, count: 0,
            authorizedMinor: 0, refundedMinor: context.Message.AmountMinor);

    private Task AddAsync<T>(ConsumeContext<T> context, Guid merchantId, string currency, long count,
        long authorizedMinor, long refundedMinor) where T : class, IIntegrationEvent =>
        inbox.HandleOnceAsync(InboxName, MessageIdOf(context), ContractNames.Of<T>(), async (connection, transaction, ct) =>
        {
            await using var add = new NpgsqlCommand(
                $"insert into {options.Schema}.{MerchantSettlementFeedSchema.Feed} as f " +
                "(merchant_id, currency, authorized_count, authorized_minor, refunded_minor) values ($1, $2, $3, $4, $5) " +
                "on conflict (merchant_id, currency) do update set authorized_count = f.authorized_count + excluded.authorized_count, " +
                "authorized_minor = f.authorized_minor + excluded.authorized_minor, refunded_minor = f.refunded_minor + excluded.refunded_minor",
                connection, transaction)
            {
                Parameters =
                {
                    new() { Value = merchantId }, new() { Value = currency }, new() { Value = count },
                    new() { Value = authorizedMinor }, new() { Value = refundedMinor },
                },
            };
            await add.ExecuteNonQueryAsync(ct);
        }, context.CancellationToken);

    // Without an id there is nothing to deduplicate on; such a message goes to the error queue.
    private static Guid MessageIdOf(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be handled exactly once.");
}
