using System.Text.Json;
using MassTransit;

namespace Ledger.Api.FacePay;

/// <summary>
/// The error and dead-letter pipes of the face-payment queue: a message that could not be read as a
/// <see cref="FacePaymentRequested"/> (a field of the wrong type, not JSON at all, another message type) is answered
/// 400 <c>malformed-message</c> to the response address its envelope names, signed when it names a known key, and then
/// acknowledged: never moved to <c>_error</c> or <c>_skipped</c>, never published as a fault with its body.
/// </summary>
public sealed class UnreadableFacePayments(IServiceProvider services) : IFilter<ExceptionReceiveContext>, IFilter<ReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var detail = context.Exception is JsonException json
            ? $"The message is not a FacePaymentRequested this service can read: {json.Message}"
            : "The message could not be read as a FacePaymentRequested.";
        await AnswerAsync(context, detail, context.Exception);
        await next.Send(context);
    }

    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        await AnswerAsync(context, "The message is not a FacePaymentRequested: this queue takes nothing else.", null);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("answerUnreadableFacePayment");

    private async Task AnswerAsync(ReceiveContext context, string detail, Exception? exception)
    {
        var logger = services.GetRequiredService<ILogger<UnreadableFacePayments>>();
        try
        {
            var (responseAddress, requestId, request) = Envelope(context);
            if (context.TryGetPayload(out ConsumeContext? consume))
                (responseAddress, requestId) = (consume.ResponseAddress ?? responseAddress, consume.RequestId ?? requestId);
            logger.LogWarning(exception, "An unreadable message on the face-payment queue is answered ({Answered}) and dropped", responseAddress is not null);
            if (responseAddress is null) return;
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var body = FacePaymentConsumer.ProblemJson(400, "malformed_message", "The message is malformed.", detail, options);
            await services.GetRequiredService<FacePaymentReplies>().SendAsync(context, responseAddress, requestId, request, 400, body);
        }
        catch (Exception e)
        {
            // Never thrown on: the transport would put the message back and deliver it again, forever.
            logger.LogWarning(e, "An unreadable message on the face-payment queue could not be answered; dropped");
        }
    }

    /// <summary>What can be read of MassTransit's JSON envelope without its message type: where to answer, and to whom.</summary>
    private static (Uri? ResponseAddress, Guid? RequestId, RequestFields Request) Envelope(ReceiveContext context)
    {
        try
        {
            using var document = JsonDocument.Parse(context.Body.GetBytes());
            var root = document.RootElement;
            var message = Property(root, "message");
            var address = Text(root, "responseAddress") is { } a && Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null;
            var requestId = Text(root, "requestId") is { } r && Guid.TryParse(r, out var id) ? id : (Guid?)null;
            return (address, requestId, new RequestFields(Text(message, "keyId"), Text(message, "nonce"), Text(message, "signature")));
        }
        catch (JsonException)
        {
            return (null, null, new RequestFields(null, null, null));
        }
    }

    private static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e) return null;
        foreach (var property in e.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        return null;
    }

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
