using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Messaging.Inbox;

/// <summary>
/// Runs a consumer's effect at most once per message id, for a batch of messages at a time. The inbox rows and the
/// effect commit in one PostgreSQL transaction: a redelivered message finds its row and is left out of the effect; two
/// batches holding copies of one message queue on the row's lock and the second sees the first's commit; an effect that
/// fails rolls its inbox rows back with it, so the retry runs it for real. Rows are locked in message id order, so two
/// consumers (two service instances) taking overlapping batches wait for each other instead of deadlocking.
/// </summary>
public sealed class ConsumerInbox(NpgsqlDataSource dataSource, MessagingOptions options, ILogger<ConsumerInbox> logger)
{
    /// <param name="effect">Runs once, in the inbox's transaction, with the ids of the messages seen for the first time
    /// (possibly none: it still runs, so what it writes stays in step with the rows).</param>
    /// <returns>The ids of the messages whose effect ran: those never handled before.</returns>
    public async Task<IReadOnlySet<Guid>> HandleOnceAsync(string consumer, IReadOnlyList<InboxMessage> messages,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlySet<Guid>, CancellationToken, Task> effect, CancellationToken ct)
    {
        // Copies within one batch are one row with their count: a statement may not touch a row twice.
        var distinct = messages.GroupBy(m => m.Id).Select(g => (g.Key, g.First().Type, Copies: g.Count())).OrderBy(m => m.Key).ToArray();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using var record = new NpgsqlCommand(
            $"insert into {options.Schema}.{InboxSchema.Inbox} as i " +
            "(consumer, message_id, message_type, deliveries, first_received_at, last_received_at) " +
            "select $1, m.id, m.type, m.copies, now(), now() from unnest($2, $3, $4) with ordinality as m(id, type, copies, n) order by m.n " +
            "on conflict (consumer, message_id) " +
            "do update set deliveries = i.deliveries + excluded.deliveries, last_received_at = now() returning message_id, deliveries",
            connection, transaction)
        {
            Parameters =
            {
                new() { Value = consumer },
                new() { Value = distinct.Select(m => m.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = distinct.Select(m => m.Type).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = distinct.Select(m => m.Copies).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
            },
        };
        var deliveries = new Dictionary<Guid, int>();
        await using (var reader = await record.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                deliveries[reader.GetGuid(0)] = reader.GetInt32(1);

        // A row that holds exactly this batch's copies was made by this batch: the message is new.
        var firstTime = distinct.Where(m => deliveries[m.Key] == m.Copies).Select(m => m.Key).ToHashSet();
        foreach (var (id, type, _) in distinct.Where(m => !firstTime.Contains(m.Key)))
            logger.LogInformation("{Consumer} already handled message {MessageId} ({Type}); delivery {Deliveries} ignored",
                consumer, id, type, deliveries[id]);

        await effect(connection, transaction, firstTime, ct);
        await transaction.CommitAsync(ct);
        return firstTime;
    }
}
