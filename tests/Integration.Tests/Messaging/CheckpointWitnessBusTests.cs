using System.Collections.Concurrent;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Ledger.Infrastructure.Messaging;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Integration.Tests.Audit;
using Ledger.Integration.Tests.Messaging.Support;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>Every signed checkpoint also leaves on the real RabbitMQ, for a witness elsewhere to keep.</summary>
public sealed class CheckpointWitnessBusTests
{
    [Fact]
    public async Task A_signed_checkpoint_is_published_on_the_bus_as_the_witness_line()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var prefix = $"ledger-it-{Guid.NewGuid():N}"[..18] + ".";
        var received = new ConcurrentQueue<(Guid? MessageId, AuditCheckpointSignedIntegrationEvent Message)>();
        // The migration of what messaging adds (inbox, feed), as the owner; then the service's side as the runtime role.
        // (No second bus for that: MassTransit keeps its log context in a static, which a disposed host would leave behind.)
        await using (var owner = new ServiceCollection().AddLogging().AddInfrastructure(ledger.ConnectionString)
                         .ConfigureMarten(store =>
                         {
                             store.Storage.ExtendedSchemaObjects.Add(Infrastructure.Messaging.Inbox.InboxSchema.Table("ledger"));
                             store.Storage.ExtendedSchemaObjects.Add(Infrastructure.Messaging.Consumers.MerchantSettlementFeedSchema.Table("ledger"));
                         }).BuildServiceProvider())
        {
            await owner.GetRequiredService<Marten.IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await Infrastructure.Database.LedgerDatabaseSecurity.ApplyAsync(owner.GetRequiredService<Npgsql.NpgsqlDataSource>(), "ledger", "ledger_app", default);
        }
        using var host = Compose(ledger.RuntimeConnectionString, prefix, received);
        await host.StartAsync();
        try
        {
            await ledger.RunStoryAsync();
            var checkpoint = await ledger.SealAsync();

            await host.Services.GetRequiredService<CheckpointWitnessPublisher>().PublishNewAsync(default);

            await Eventually.HoldsAsync(() => !received.IsEmpty, "the checkpoint arrives on the bus");
            var (messageId, message) = Assert.Single(received);
            Assert.Equal(checkpoint.Statement.Size, message.Size);
            Assert.Equal(checkpoint.Statement.Root, message.Root);
            var line = WitnessedCheckpoint.Parse(message.Line);
            Assert.Equal(checkpoint.Statement, line.Statement);
            Assert.True(line.Checkpoint.SignatureHolds(ledger.Key.PublicKey));
            Assert.Equal(Domain.DerivedId.Of($"audit-checkpoint/{message.Size}/{message.Root}"), messageId);
        }
        finally
        {
            await host.StopAsync();
            await Broker.DeleteEntitiesAsync(prefix);
        }
    }

    /// <summary>The service's composition with the audit loop off: the test decides when to sign and publish.</summary>
    private static IHost Compose(string connectionString, string prefix, ConcurrentQueue<(Guid?, AuditCheckpointSignedIntegrationEvent)> received)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddInfrastructure(connectionString).Configure<AuditOptions>(o => o.Enabled = false);
        builder.Services.AddSingleton(received);
        builder.Services.AddMessaging(new MessagingOptions { RabbitMq = Broker.Uri, EntityPrefix = prefix }, bus => bus.AddConsumer<CheckpointListener>());
        builder.Services.AddHealthChecks();
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        return builder.Build();
    }

    public sealed class CheckpointListener(ConcurrentQueue<(Guid?, AuditCheckpointSignedIntegrationEvent)> received) : IConsumer<AuditCheckpointSignedIntegrationEvent>
    {
        public Task Consume(ConsumeContext<AuditCheckpointSignedIntegrationEvent> context)
        {
            received.Enqueue((context.MessageId, context.Message));
            return Task.CompletedTask;
        }
    }
}
