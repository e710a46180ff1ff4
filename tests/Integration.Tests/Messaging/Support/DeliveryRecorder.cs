using System.Collections.Concurrent;
using Ledger.Infrastructure.Messaging.Contracts;
using MassTransit;

namespace Ledger.Integration.Tests.Messaging.Support;

/// <summary>Every integration event the bus delivered to the test's own queue, with its message id.</summary>
public sealed class DeliveryRecorder
{
    private readonly ConcurrentQueue<(Guid MessageId, IIntegrationEvent Message)> _deliveries = new();

    public IReadOnlyList<(Guid MessageId, IIntegrationEvent Message)> Deliveries => _deliveries.ToArray();

    public void Add(Guid? messageId, IIntegrationEvent message) =>
        _deliveries.Enqueue((messageId ?? throw new InvalidOperationException("Delivered without a MessageId."), message));

    public int CountOf(Guid messageId) => _deliveries.Count(d => d.MessageId == messageId);
}

/// <summary>Listens to every contract on its own queue, next to the real consumers, and records what arrives.</summary>
public sealed class RecordingConsumer(DeliveryRecorder recorder) :
    IConsumer<PaymentAuthorizedIntegrationEvent>, IConsumer<PaymentDeclinedIntegrationEvent>,
    IConsumer<PaymentRefundedIntegrationEvent>, IConsumer<WalletFrozenIntegrationEvent>
{
    public Task Consume(ConsumeContext<PaymentAuthorizedIntegrationEvent> context) => Record(context);
    public Task Consume(ConsumeContext<PaymentDeclinedIntegrationEvent> context) => Record(context);
    public Task Consume(ConsumeContext<PaymentRefundedIntegrationEvent> context) => Record(context);
    public Task Consume(ConsumeContext<WalletFrozenIntegrationEvent> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context) where T : class, IIntegrationEvent
    {
        recorder.Add(context.MessageId, context.Message);
        return Task.CompletedTask;
    }
}
