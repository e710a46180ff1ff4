using Ledger.Domain.Payments;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Messaging;
using Ledger.Infrastructure.Messaging.Consumers;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Inbox;
using Ledger.Infrastructure.Messaging.Publishing;
using Ledger.Integration.Tests.Support;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Integration.Tests.Messaging.Support;

/// <summary>
/// A throwaway database, written to by the plain ledger services (no daemon, no bus: the request side),
/// and publisher hosts that can be started and stopped on it: the async daemon with the publishing
/// subscription, and the bus on the real RabbitMQ with queue and exchange names unique to this run.
/// </summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public LedgerFixture Ledger { get; } = new();
    public DeliveryRecorder Recorder { get; } = new();
    public string Prefix { get; } = $"ledger-it-{Guid.NewGuid():N}"[..18] + ".";

    public MessagingOptions Options => new()
    {
        RabbitMq = Broker.Uri,
        EntityPrefix = Prefix,
        // Short attempts and backoff: the broker-outage test goes through timeouts, retries and the
        // circuit breaker within seconds; production uses the defaults.
        PublishAttemptTimeout = TimeSpan.FromSeconds(2),
        PublishMaxBackoff = TimeSpan.FromSeconds(2),
    };

    public async Task InitializeAsync()
    {
        await Ledger.InitializeAsync();
        // The inbox and feed tables exist before the first publisher host starts.
        await using var host = await StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Broker.DeleteEntitiesAsync(Prefix);
        }
        finally
        {
            await Ledger.DisposeAsync();
        }
    }

    /// <summary>Starts the publishing side: daemon + subscription + bus + consumers, as the service runs it.</summary>
    public async Task<PublisherHost> StartPublisherAsync(MessagingOptions? options = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("LEDGER_TEST_LOGS") is "1") logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        });
        builder.Services.AddInfrastructure(Ledger.ConnectionString);
        builder.Services.AddSingleton(Recorder);
        builder.Services.AddMessaging(options ?? Options, bus => bus.AddConsumer<RecordingConsumer>());
        builder.Services.AddHealthChecks();
        // A test stops the host right after starting it; the bus must be up by then, or it would finish
        // starting after the host is gone and compete for the queue with a dead container.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        // The tables this composition adds (inbox, feed, fraud state): a migration's work, done as the owner here.
        await host.Services.GetRequiredService<Marten.IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await host.StartAsync();
        return new PublisherHost(host);
    }

    public async Task<(long Count, long AuthorizedMinor, long RefundedMinor)> FeedAsync(Guid merchantId)
    {
        await using var cmd = Ledger.DataSource.CreateCommand(
            $"select authorized_count, authorized_minor, refunded_minor from ledger.{MerchantSettlementFeedSchema.Feed} where merchant_id = $1");
        cmd.Parameters.AddWithValue(merchantId);
        await using var reader = await cmd.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (0, 0, 0);
    }

    /// <summary>How many times the settlement feed's inbox saw each message (0 when never).</summary>
    public Task<IReadOnlyDictionary<Guid, int>> FeedInboxDeliveriesAsync(IEnumerable<Guid> messageIds) =>
        InboxDeliveriesAsync(MerchantSettlementFeedConsumer.InboxName, messageIds);

    /// <summary>How many times one consumer's inbox saw each message (0 when never).</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> InboxDeliveriesAsync(string consumer, IEnumerable<Guid> messageIds)
    {
        var ids = messageIds.ToArray();
        await using var cmd = Ledger.DataSource.CreateCommand(
            $"select message_id, deliveries from ledger.{InboxSchema.Inbox} where consumer = $1 and message_id = any($2)");
        cmd.Parameters.AddWithValue(consumer);
        cmd.Parameters.AddWithValue(ids);
        var found = new Dictionary<Guid, int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found[reader.GetGuid(0)] = reader.GetInt32(1);
        return ids.ToDictionary(id => id, id => found.GetValueOrDefault(id));
    }

    /// <summary>Asks to pay <paramref name="amount"/> EUR, as a terminal would, and returns the decided payment.</summary>
    public async Task<Payment> PayAsync(Guid walletId, Guid terminalId, decimal amount)
    {
        var ctx = LedgerFixture.Context();
        var result = await Ledger.Payments.AuthorizeAsync(
            new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(amount), ctx.Now), ctx, default);
        return result.Outcome;
    }

    /// <summary>The message id the publisher must have given the integration event of one stored event of a stream.</summary>
    public async Task<Guid> ExpectedMessageIdAsync<TDomainEvent, TContract>(Guid streamId) where TContract : IIntegrationEvent
    {
        await using var session = Ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamId);
        var source = events.Single(e => e.Data is TDomainEvent);
        return IntegrationMessageId.For(source.Id, ContractNames.Of<TContract>());
    }

    /// <summary>
    /// Takes this run's database away (no new connections, existing ones terminated) until the returned
    /// handle is disposed: a database outage that other databases on the shared server do not notice.
    /// </summary>
    public async Task<IAsyncDisposable> DatabaseOutageAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(Ledger.ConnectionString).Database!;
        await ServerSqlAsync($"alter database {name} with allow_connections false");
        try
        {
            // Our own sessions only: an autovacuum worker on the database has no role, and signalling it takes a
            // superuser (CI saw it refused, which left the database shut for every later test). It holds no
            // connection of ours, so the outage is the same without ending it.
            await ServerSqlAsync("select pg_terminate_backend(pid) from pg_stat_activity " +
                                 $"where datname = '{name}' and usename = current_user and pid <> pg_backend_pid()");
        }
        catch
        {
            await ReopenAsync(name);
            throw;
        }
        return new Outage(() => ReopenAsync(name));
    }

    private async Task ReopenAsync(string name)
    {
        await ServerSqlAsync($"alter database {name} with allow_connections true");
        // The writer's pooled connections were killed; a request after an outage gets fresh ones.
        Ledger.DataSource.Clear();
    }

    private static async Task ServerSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ServerConnection);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class Outage(Func<Task> end) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await end();
    }

    /// <summary>
    /// Moves the publisher's checkpoint back to just before <paramref name="sequence"/>, as if the process
    /// had died after the broker confirmed those messages but before the daemon stored its checkpoint.
    /// </summary>
    public async Task RewindPublisherCheckpointAsync(long sequence)
    {
        // Never to 0: Marten reads a stored 0 as "no row yet" and would try to insert it again.
        if (sequence <= 1) throw new ArgumentOutOfRangeException(nameof(sequence), "Rewind to a position after the first event.");
        await using var cmd = Ledger.DataSource.CreateCommand(
            "update ledger.mt_event_progression set last_seq_id = $2 where name = $1 and last_seq_id >= $2");
        cmd.Parameters.AddWithValue(IntegrationEventPublisher.SubscriptionName + ":All");
        cmd.Parameters.AddWithValue(sequence - 1);
        if (await cmd.ExecuteNonQueryAsync() != 1)
            throw new InvalidOperationException("The publisher's checkpoint row was not found, or is not past that point.");
    }

    /// <summary>The global sequence of a stream's first stored event of one type.</summary>
    public async Task<long> SequenceOfAsync<TDomainEvent>(Guid streamId)
    {
        await using var session = Ledger.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).First(e => e.Data is TDomainEvent).Sequence;
    }
}

/// <summary>A running publisher; disposing it stops the daemon and the bus, as a process exit would.</summary>
public sealed class PublisherHost(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    /// <summary>Events of the published kinds behind the publisher's checkpoint, as its health check reports them.</summary>
    public Task<long> LagAsync() => LagAsync(Services.GetRequiredService<HealthCheckService>());

    public static async Task<long> LagAsync(HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(check => check.Name == MessagingServices.PublisherHealthCheckName);
        return (long)report.Entries[MessagingServices.PublisherHealthCheckName].Data["lag"];
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingFixture>
{
    public const string Name = "messaging on PostgreSQL and RabbitMQ";
}
