using System.Text;
using System.Text.Json;
using Ledger.Api.Http;
using Ledger.Api.Terminals;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Terminals;
using MassTransit;

namespace Ledger.Api.FacePay;

/// <summary>
/// Terminals on the bus: verify-and-pay as a request/response with the same signature check, validation,
/// idempotency and answers as over HTTP, PIN-less only. Every outcome, refusals, failures and timeouts included, is a
/// signed reply (<see cref="FacePaymentReplies"/>) and the request is acknowledged: nothing is retried here (the
/// terminal's retry with the same key is the safe one) and nothing goes to an error queue
/// (<see cref="FacePaymentConsumerDefinition"/> for what cannot even be read).
/// </summary>
public sealed class FacePaymentConsumer(
    IServiceProvider services, FacePaymentReplies replies, FacePayEdge edge,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<FacePaymentConsumer> logger)
    : IConsumer<FacePaymentRequested>
{
    public const string Method = "BUS";
    public const string Target = "/v1/face-payments";
    public const string BusHost = "bus";
    public const string PinNotAccepted = "pin_not_accepted_on_bus";

    public async Task Consume(ConsumeContext<FacePaymentRequested> context)
    {
        var message = context.Message;
        var (status, body) = await AnswerAsync(message, context.CorrelationId ?? context.MessageId, context.CancellationToken);
        await replies.SendAsync(context, new RequestFields(message.KeyId, message.Nonce, message.Signature), status, body);
    }

    private async Task<(int Status, string Body)> AnswerAsync(FacePaymentRequested message, Guid? correlation, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (edge.BusAnswerWithin > TimeSpan.Zero) deadline.CancelAfter(edge.BusAnswerWithin);
        else deadline.Cancel();
        try
        {
            return await DecideAsync(message, correlation, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time, or the bus is stopping: whatever was committed stays, and a retry with the same key finds it.
            logger.LogWarning("A face payment on the bus was cancelled before its answer (stopping: {Stopping})", stopping.IsCancellationRequested);
            return Problem(503, "unavailable", "No answer in time; retry with the same idempotency key.", null);
        }
        catch (DomainRuleViolation e) when (e.Code == "pin_required")
        {
            return Problem(422, e.Code, "Refused by a ledger rule.",
                e.Message + " The bus takes PIN-less payments only: send this one with the customer's PIN over HTTPS (POST /v1/face-payments).");
        }
        catch (Exception e)
        {
            var (status, code, title, detail) = ExceptionProblems.Classify(e, callerGone: false);
            if (status >= 500) logger.LogError(e, "A face payment on the bus failed");
            return Problem(status, code, title, status >= 500 ? null : detail);
        }
    }

    private async Task<(int Status, string Body)> DecideAsync(FacePaymentRequested message, Guid? correlation, CancellationToken ct)
    {
        // Resolved here rather than injected, so that a service which cannot build them (no model pack, no master key)
        // still answers instead of faulting with the message.
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // On the bus, v2 covers the envelope fields that matter: the host is "bus", the body is JSON, and the idempotency key.
        var signed = new SignedTerminalRequest(message.KeyId ?? "", message.Timestamp ?? "", message.Nonce ?? "", message.Signature ?? "",
            Method, Target, Encoding.UTF8.GetBytes(message.Body ?? ""), BusHost, "application/json", message.IdempotencyKey ?? "");
        var (terminalId, refusal) = await TerminalSignatureCheck.AuthenticateAsync(signed,
            services.GetRequiredService<TerminalKeyStore>(), services.GetRequiredService<TerminalSignaturePolicy>(), now, ct);
        if (refusal is not null && !(refusal.Code == TerminalSignatureCheck.Replayed && terminalId is not null))
            return Problem(refusal.Status, refusal.Code, refusal.Title, refusal.Detail);
        if (!CommandContexts.IsUsableKey(message.IdempotencyKey))
            return Problem(400, "validation", "The request is not valid.", "Every verify-and-pay needs an idempotency key: 1 to 255 visible ASCII characters.");

        var request = JsonSerializer.Deserialize<FacePaymentRequest>(message.Body ?? "", json.Value.SerializerOptions)
                      ?? throw new JsonException("A JSON body is required.");
        if (refusal is not null)
            return await RedeliveredAsync(message, request, terminalId!.Value, refusal, correlation, now, ct);
        // Before anything else looks at it: a PIN has already crossed the broker in clear, but goes no further.
        if (request.Pin is not null)
            return Problem(422, PinNotAccepted, "A PIN is not accepted on the bus.",
                "The bus takes PIN-less face payments only: anybody with broker credentials can read its messages. " +
                "Payments that need the customer's PIN go over HTTPS (POST /v1/face-payments).");
        var context = ContextOf(message, terminalId!.Value, correlation, now);
        var (paid, refused) = await services.GetRequiredService<TerminalFacePayments>().PayAsync(request, null, terminalId.Value, context, ct);
        return refused is not null
            ? Problem(refused.Status, refused.Code, refused.Title, refused.Detail)
            : (201, JsonSerializer.Serialize(Payments.TerminalPaymentResponse.From(paid!.Outcome), json.Value.SerializerOptions));
    }

    /// <summary>
    /// The terminal's own signed message seen again: the broker redelivers a message whose handling ended before its
    /// acknowledgement (a node killed after the commit). Its decision is answered again as it was; nothing is decided
    /// anew, and a message with no stored decision stays refused as a replay (the terminal signs a new request).
    /// </summary>
    private async Task<(int Status, string Body)> RedeliveredAsync(FacePaymentRequested message, FacePaymentRequest request, Guid terminalId,
        TerminalRefusal replayed, Guid? correlation, DateTimeOffset now, CancellationToken ct)
    {
        var context = ContextOf(message, terminalId, correlation, now);
        var stored = request.Pin is null
            ? await services.GetRequiredService<TerminalFacePayments>().StoredAnswerAsync(request, terminalId, context, ct)
            : null;
        return stored is null
            ? Problem(replayed.Status, replayed.Code, replayed.Title, replayed.Detail)
            : (201, JsonSerializer.Serialize(Payments.TerminalPaymentResponse.From(stored.Outcome), json.Value.SerializerOptions));
    }

    /// <summary>The command as the terminal's, under its idempotency key (the same key a redelivery looks its decision up by).</summary>
    private static CommandContext ContextOf(FacePaymentRequested message, Guid terminalId, Guid? correlation, DateTimeOffset now)
    {
        var actor = Actor.Terminal(terminalId);
        return new CommandContext(actor, $"{actor}/{message.IdempotencyKey}", (correlation ?? Guid.NewGuid()).ToString("N"), null,
            $"bus:{correlation:N}", now);
    }

    private (int, string) Problem(int status, string code, string title, string? detail) =>
        (status, ProblemJson(status, code, title, detail, json.Value.SerializerOptions));

    /// <summary>An RFC 9457 problem as HTTP would write it.</summary>
    internal static string ProblemJson(int status, string code, string title, string? detail, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(new { type = Problems.TypeFor(code), title, status, detail }, options);
}
