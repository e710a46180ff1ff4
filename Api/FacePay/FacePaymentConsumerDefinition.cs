using MassTransit;

namespace Ledger.Api.FacePay;

/// <summary>
/// The face-payment queue (<c>{prefix}face-payment</c>) keeps nothing: its messages carry face images. The consumer
/// answers every request it can read and never throws; a message it never gets (the envelope or the request cannot be
/// read, or the message is of a type nobody here consumes) is answered from what can be read of it by
/// <see cref="UnreadableFacePayments"/> and acknowledged, instead of MassTransit's default of a fault event carrying the
/// message and a copy in <c>_error</c> or <c>_skipped</c>. No retry or redelivery: the terminal's retry with the same
/// idempotency key is the safe one.
/// </summary>
public sealed class FacePaymentConsumerDefinition : ConsumerDefinition<FacePaymentConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<FacePaymentConsumer> consumer, IRegistrationContext context)
    {
        var unreadable = new UnreadableFacePayments(context);
        endpoint.ConfigureError(error => error.UseFilter(unreadable));
        endpoint.ConfigureDeadLetter(skipped => skipped.UseFilter(unreadable));
        endpoint.PublishFaults = false;
    }
}
