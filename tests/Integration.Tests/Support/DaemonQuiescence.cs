using Marten;
using Marten.Events;
using Npgsql;

namespace Ledger.Integration.Tests.Support;

/// <summary>
/// Waits until a running service's background work has nothing left to do: every asynchronous projection and
/// subscription (fraud rules, views, publisher) has processed every stored event, including the events that
/// the background work itself appended meanwhile (a fraud alert is an event that the views then project).
/// Tests that compare counts before and after a request measure at quiescence, so a late alert raised by an
/// earlier test's events cannot look like something the request persisted.
/// </summary>
public static class DaemonQuiescence
{
    public static async Task WaitAsync(IDocumentStore store, string connectionString, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var before = await LastSequenceAsync(connectionString);
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The async daemon did not catch up with the event store in time.");
            await store.WaitForNonStaleProjectionDataAsync(left);
            // A shard that caught up may have appended events (alerts) that the others have not seen yet.
            if (await LastSequenceAsync(connectionString) == before) return;
        }
    }

    private static async Task<long> LastSequenceAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from ledger.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
