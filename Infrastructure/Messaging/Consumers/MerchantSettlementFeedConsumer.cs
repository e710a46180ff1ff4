using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Inbox;
using MassTransit;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Keeps the merchant settlement feed from payment integration events, a batch of messages per transaction: their
/// amounts are summed per merchant and currency and each row moves once, in key order. One message a transaction made
/// every consumer of a busy merchant's payments queue on its row while the holder committed. Its increments are not
/// idempotent by themselves; the inbox makes each message count once.
/// </summary>
public sealed class MerchantSettlementFeedConsumer(ConsumerInbox inbox, MessagingOptions options)
    : IConsumer<Batch<PaymentAuthorizedIntegrationEvent>>, IConsumer<Batch<PaymentRefundedIntegrationEvent>>
{
    /// <summary>This consumer's name in the inbox.</summary>
    public const string InboxName = "merchant_settlement_feed";

    public Task Consume(ConsumeContext<Batch<PaymentAuthorizedIntegrationEvent>> context) =>
        AddAsync(context.Message, m => new FeedChange(m.MerchantId, m.Currency, Count: 1, AuthorizedMinor: m.AmountMinor, RefundedMinor: 0),
            context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentRefundedIntegrationEvent>> context) =>
        AddAsync(context.Message, m => new FeedChange(m.MerchantId, m.Currency, Count: 0, AuthorizedMinor: 0, RefundedMinor: m.AmountMinor),
            context.CancellationToken);

    private Task AddAsync<T>(Batch<T> batch, Func<T, FeedChange> change, CancellationToken ct) where T : class, IIntegrationEvent
    {
        var contract = ContractNames.Of<T>();
        var messages = batch.Select(m => (Id: MessageIdOf(m), Change: change(m.Message))).ToArray();
        return inbox.HandleOnceAsync(InboxName, messages.Select(m => new InboxMessage(m.Id, contract)).ToArray(),
            async (connection, transaction, firstTime, token) =>
            {
                // Copies of one message in one batch count once, like copies in different batches.
                var rows = messages.Where(m => firstTime.Contains(m.Id)).DistinctBy(m => m.Id)
                    .GroupBy(m => (m.Change.MerchantId, m.Change.Currency))
                    .Select(g => g.Select(m => m.Change).Aggregate(FeedChange.Sum))
                    .OrderBy(r => r.MerchantId).ThenBy(r => r.Currency, StringComparer.Ordinal)
                    .ToArray();
                if (rows.Length == 0) return;
                await using var add = new NpgsqlCommand(
                    $"insert into {options.Schema}.{MerchantSettlementFeedSchema.Feed} as f " +
                    "(merchant_id, currency, authorized_count, authorized_minor, refunded_minor) " +
                    "select r.m, r.c, r.n, r.a, r.rf from unnest($1, $2, $3, $4, $5) with ordinality as r(m, c, n, a, rf, o) order by r.o " +
                    "on conflict (merchant_id, currency) do update set authorized_count = f.authorized_count + excluded.authorized_count, " +
                    "authorized_minor = f.authorized_minor + excluded.authorized_minor, refunded_minor = f.refunded_minor + excluded.refunded_minor",
                    connection, transaction)
                {
                    Parameters =
                    {
                        new() { Value = rows.Select(r => r.MerchantId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                        new() { Value = rows.Select(r => r.Currency).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Char },
                        new() { Value = rows.Select(r => r.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                        new() { Value = rows.Select(r => r.AuthorizedMinor).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                        new() { Value = rows.Select(r => r.RefundedMinor).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                    },
                };
                await add.ExecuteNonQueryAsync(token);
            }, ct);
    }

    // Without an id there is nothing to deduplicate on: the batch fails and goes to the error queue, where the inbox
    // still counts each of its other messages once if they are sent back.
    private static Guid MessageIdOf(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be handled exactly once.");
}
