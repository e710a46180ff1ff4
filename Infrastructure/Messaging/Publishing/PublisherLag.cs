using Ledger.Infrastructure.EventStore;
using Npgsql;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// How many stored events of the published kinds wait behind the publisher subscription's checkpoint. Not the
/// daemon's high-water mark minus the checkpoint: a filtered subscription's checkpoint does not move over trailing
/// events of other kinds, so that difference would only be an upper bound.
/// </summary>
public static class PublisherLag
{
    private static readonly string[] PublishedTypeNames =
        IntegrationEventTranslation.SourceTypes.Select(t => EventTypeNames.All[t]).ToArray();

    /// <summary>The count as one command of a batch (its single value is the lag).</summary>
    public static NpgsqlBatchCommand Command(string schema) => new(
        $"select count(*) from {schema}.mt_events where type = any($2) and seq_id > " +
        $"coalesce((select last_seq_id from {schema}.mt_event_progression where name = $1), 0)")
    {
        Parameters = { new NpgsqlParameter { Value = IntegrationEventPublisher.SubscriptionName + ":All" }, new NpgsqlParameter { Value = PublishedTypeNames } },
    };
}
