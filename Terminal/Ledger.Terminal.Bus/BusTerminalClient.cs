using System.Text;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;
using Ledger.Terminal.Signing;
using MassTransit;

namespace Ledger.Terminal.Bus;

/// <summary>
/// Verify-and-pay over the bus. Each try is signed anew (fresh nonce and time) over the same body and idempotency key,
/// and its reply counts only when it verifies with the terminal's key (<see cref="ReplySignature"/>): no reply in
/// time, an unsigned or forged one, a 503, or 401 <c>replayed</c> (the request was cut off before its decision) is no
/// decision, and the same request is sent again after a backoff. PIN-less only: the service refuses a PIN on the bus.
/// </summary>
/// <param name="send">Sends one request and waits for its reply (normally through MassTransit's request client).</param>
public sealed class BusTerminalClient(Func<FacePaymentRequested, CancellationToken, Task<FacePaymentReplied>> send, TerminalCredentials terminal,
    TerminalClientOptions? options = null)
{
    public BusTerminalClient(IRequestClient<FacePaymentRequested> requests, TerminalCredentials terminal, TerminalClientOptions? options = null)
        : this(async (message, ct) => (await requests.GetResponse<FacePaymentReplied>(message, ct)).Message, terminal, options)
    {
    }

    public TerminalClientOptions Options { get; } = options ?? new TerminalClientOptions();

    private readonly Polly.ResiliencePipeline<TerminalResponse> _retry = TerminalRetry.Build(options ?? new TerminalClientOptions());

    /// <summary>A request client to the service's face-payment queue.</summary>
    public static IRequestClient<FacePaymentRequested> RequestClient(IClientFactory factory, string entityPrefix, TimeSpan attemptTimeout) =>
        factory.CreateRequestClient<FacePaymentRequested>(WireNames.Queue(entityPrefix), RequestTimeout.After(ms: (int)attemptTimeout.TotalMilliseconds));

    /// <summary>The message of one try: the prepared body signed now, with <paramref name="nonce"/> or a fresh one.</summary>
    public FacePaymentRequested Sign(PreparedRequest request, string? nonce = null)
    {
        var headers = RequestSignature.Sign(terminal, "BUS", "bus", TerminalClient.FacePaymentsPath, PreparedRequest.ContentType,
            request.IdempotencyKey, request.Body, Options.Time.GetUtcNow(), nonce);
        return new FacePaymentRequested(headers.KeyId, headers.Timestamp, headers.Nonce, headers.Signature, request.IdempotencyKey,
            Encoding.UTF8.GetString(request.Body));
    }

    /// <summary>Null when <paramref name="reply"/> is the service's genuine answer to <paramref name="sent"/>; else why it is none.</summary>
    public ReplyRejection? Check(FacePaymentRequested sent, FacePaymentReplied reply) =>
        ReplySignature.Check(terminal, new SignedHeaders(sent.KeyId, sent.Timestamp, sent.Nonce, sent.Signature), reply.Status, reply.Body,
            reply.RequestNonce, reply.Timestamp, reply.Signature, Options.Time.GetUtcNow());

    public PreparedRequest PrepareFacePayment(FacePayment payment, string idempotencyKey)
    {
        if (payment.Pin is not null) throw new ArgumentException("The bus takes PIN-less payments only: send a PIN over HTTPS.", nameof(payment));
        return PreparedRequest.Post(TerminalClient.FacePaymentsPath, idempotencyKey, RequestBodies.FacePayment(terminal.TerminalId, payment));
    }

    public Task<PaymentOutcome> PayWithFaceAsync(FacePayment payment, string idempotencyKey, CancellationToken ct = default) =>
        PayAsync(PrepareFacePayment(payment, idempotencyKey), ct);

    /// <summary>Sends the prepared payment until a verified decision or refusal, the tries are spent or the total time is up.</summary>
    public async Task<PaymentOutcome> PayAsync(PreparedRequest request, CancellationToken ct = default)
    {
        var (response, attempts, error) = await TerminalRetry.RunAsync(_retry, Options, token => TryOnceAsync(request, token), ct);
        if (response is null || RetryRules.IsRetryable(response))
            return new PaymentOutcome.Unanswered(request, attempts, response?.Status, error);
        return PaymentAnswers.Read(request, response, attempts);
    }

    /// <summary>One try: signed now, its verified reply as a response; no reply in time, or one that does not verify, throws.</summary>
    public async Task<TerminalResponse> TryOnceAsync(PreparedRequest request, CancellationToken ct)
    {
        var sent = Sign(request);
        FacePaymentReplied reply;
        try
        {
            reply = await send(sent, ct);
        }
        catch (RequestTimeoutException e)
        {
            throw new TimeoutException("No reply on the bus in time.", e);
        }
        if (Check(sent, reply) is { } rejection) throw new NotAnAnswerException($"A reply that does not verify: {rejection}.");
        return new TerminalResponse(reply.Status, reply.Body, null, false);
    }
}
