using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>
/// The simulated database outage must end as it began, whatever else is connected: a process the test's role may
/// not signal (an autovacuum worker in CI; here, a session of the service's runtime role) once made the outage throw
/// half-way and left the database shut for every later test of the collection.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class DatabaseOutageSimulationTests(MessagingFixture fixture)
{
    [Fact]
    public async Task An_outage_taken_while_a_session_of_another_role_is_connected_refuses_new_connections_and_ends_cleanly()
    {
        await using var other = new NpgsqlConnection(TestDatabase.RuntimeFor(fixture.Ledger.ConnectionString));
        await other.OpenAsync();

        await using (await fixture.DatabaseOutageAsync())
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(OpenFreshAsync);
            Assert.Equal("55000", refused.SqlState);
        }

        await OpenFreshAsync();
    }

    private async Task OpenFreshAsync()
    {
        // Pooling off: only a new server session shows whether the database takes connections.
        var fresh = new NpgsqlConnectionStringBuilder(fixture.Ledger.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(fresh.ConnectionString);
        await connection.OpenAsync();
    }
}
