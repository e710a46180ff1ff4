using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Per merchant and currency: how many payments were authorized, for how much, and how much was
/// refunded. Built only from integration events, as a downstream settlement system would build it.
/// </summary>
public static class MerchantSettlementFeedSchema
{
    public const string Feed = "merchant_settlement_feed";

    public static Table Table(string schema)
    {
        var feed = new Table($"{schema}.{Feed}");
        feed.AddColumn<Guid>("merchant_id").AsPrimaryKey();
        feed.AddColumn("currency", "char(3)").AsPrimaryKey();
        feed.AddColumn<long>("authorized_count").NotNull();
        feed.AddColumn<long>("authorized_minor").NotNull();
        feed.AddColumn<long>("refunded_minor").NotNull();
        return feed;
    }
}
