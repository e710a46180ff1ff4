using Ledger.Infrastructure.EventStore;
using Npgsql;

namespace Ledger.Bench;

/// <summary>
/// How many events the service's background work is behind: the slowest of the asynchronous projections and
/// subscriptions (fraud views and rules, integration events) and the audit chain. The daemon's own high-water rows are not
/// projections: <c>HighWaterStuckGap</c> keeps the place of a sequence gap it skipped (a rolled-back transaction's
/// numbers) and never moves past it.
/// </summary>
internal static class BackgroundLag
{
    private static readonly string Query =
        $"select (select coalesce(max(seq_id), 0) from {MartenSetup.DefaultSchema}.mt_events) - least(" +
        $"(select coalesce(min(last_seq_id), 0) from {MartenSetup.DefaultSchema}.mt_event_progression where name not like 'HighWater%'), " +
        $"(select coalesce(max(seq), 0) from {MartenSetup.DefaultSchema}.audit_chain))";

    public static async Task<long> BehindAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Query, connection);
        return Math.Max(0, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }
}
