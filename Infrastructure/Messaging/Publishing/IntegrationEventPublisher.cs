using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Messaging.Contracts;
using MassTransit;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// Publishes integration events from the event store, never from a request handler: a Marten
/// subscription run by the async daemon reads committed events in order and publishes them; the daemon
/// moves the subscription's checkpoint only after a whole page was published (and confirmed by the
/// broker). A crash in between publishes the page again with the same message ids: at least once,
/// deduplicated by the consumers' inbox. Payments never wait for the broker.
/// </summary>
public sealed class IntegrationEventPublisher : SubscriptionBase
{
    /// <summary>The subscription's name, and so the name of its checkpoint row in <c>mt_event_progression</c>.</summary>
    public const string SubscriptionName = "integration_events";

    /// <summary>Publishes awaiting the broker's confirm at the same time, within one page.</summary>
    public const int MaxInFlight = 32;

    private readonly IBus _bus;
    private readonly PublishResilience _resilience;
    private readonly PublisherState _state;
    private readonly ILogger<IntegrationEventPublisher> _logger;

    public IntegrationEventPublisher(IBus bus, PublishResilience resilience, PublisherState state,
        ILogger<IntegrationEventPublisher> logger)
    {
        _bus = bus;
        _resilience = resilience;
        _state = state;
        _logger = logger;
        Name = SubscriptionName;
        foreach (var type in IntegrationEventTranslation.SourceTypes)
            IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken ct)
    {
        var messages = page.Events
            .Select(e => (Source: e, Message: IntegrationEventTranslation.Translate(e)))
            .Where(m => m.Message is not null);
        // Publishes in flight together: one broker confirm round trip per message, one after the
        // other, capped the publisher near 80 messages/s. Order on the wire was never a promise
        // (consumers run concurrently); SourceSequence carries it for those who need it.
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight, CancellationToken = ct },
            async (m, token) => await PublishAsync(m.Source, m.Message!, token));
        _logger.LogDebug("Published events {From}..{To}", page.SequenceFloor, page.SequenceCeiling);
        return NullChangeListener.Instance;
    }

    private async Task PublishAsync(IEvent source, IIntegrationEvent message, CancellationToken ct)
    {
        var contract = ContractNames.Of(message.GetType())
            ?? throw new InvalidOperationException($"{message.GetType().Name} has no [MessageUrn].");
        var messageId = IntegrationMessageId.For(source.Id, contract);
        await _resilience.Pipeline.ExecuteAsync(async token =>
            await _bus.Publish(message, message.GetType(), context =>
            {
                context.MessageId = messageId;
                if (Guid.TryParse(source.CorrelationId, out var correlation)) context.CorrelationId = correlation;
                context.Headers.Set(MessageHeaders.SourceSequence, source.Sequence);
                context.Headers.Set(MessageHeaders.SourceStream, source.StreamId.ToString());
            }, token), ct);
        _state.Succeeded();
    }
}
