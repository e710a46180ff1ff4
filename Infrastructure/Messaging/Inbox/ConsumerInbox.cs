using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Inbox;

/// <summary>
/// Runs a consumer's effect at most once per message id. The inbox row and the effect commit in one
/// PostgreSQL transaction: a redelivered message finds the row and changes nothing else; two copies
/// delivered at the same time queue on the row's lock and the second sees the first's commit; an effect
/// that fails rolls its inbox row back with it, so the retry runs it for real.
/// </summary>
public sealed class ConsumerInbox(NpgsqlDataSource dataSource, MessagingOptions options, ILogger<ConsumerInbox> logger)
{
    /// <returns>True when the effect ran, false when this message had already been handled.</returns>
    public async Task<bool> HandleOnceAsync(string consumer, Guid messageId, string messageType,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> effect, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using var record = new NpgsqlCommand(
            $"insert into {options.Schema}.{InboxSchema.Inbox} as i " +
            "(consumer, message_id, message_type, deliveries, first_received_at, last_received_at) " +
            "values ($1, $2, $3, 1, now(), now()) on conflict (consumer, message_id) " +
            "do update set deliveries = i.deliveries + 1, last_received_at = now() returning deliveries",
            connection, transaction)
        {
            Parameters = { new() { Value = consumer }, new() { Value = messageId }, new() { Value = messageType } },
        };
        var deliveries = (int)(await record.ExecuteScalarAsync(ct))!;

        if (deliveries == 1)
            await effect(connection, transaction, ct);
        else
            logger.LogInformation("{Consumer} already handled message {MessageId} ({Type}); delivery {Deliveries} ignored",
                consumer, messageId, messageType, deliveries);

        await transaction.CommitAsync(ct);
        return deliveries == 1;
    }
}
