using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Messaging.Inbox;

/// <summary>
/// The consumers' inbox: one row per (consumer, message id) ever handled, written in the same
/// transaction as the consumer's effect. <c>deliveries</c> counts how often the broker brought it.
/// </summary>
public static class InboxSchema
{
    public const string Inbox = "messaging_inbox";

    public static Table Table(string schema)
    {
        var inbox = new Table($"{schema}.{Inbox}");
        inbox.AddColumn<string>("consumer").AsPrimaryKey();
        inbox.AddColumn<Guid>("message_id").AsPrimaryKey();
        inbox.AddColumn<string>("message_type").NotNull();
        inbox.AddColumn<int>("deliveries").NotNull();
        inbox.AddColumn("first_received_at", "timestamptz").NotNull();
        inbox.AddColumn("last_received_at", "timestamptz").NotNull();
        return inbox;
    }
}
