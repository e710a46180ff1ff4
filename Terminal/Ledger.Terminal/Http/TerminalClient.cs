using System.Net.Http.Headers;
using Ledger.Terminal.Payments;
using Ledger.Terminal.Signing;
using Polly;

namespace Ledger.Terminal.Http;

/// <summary>
/// A terminal's client of the Ledger HTTP API. Every request is signed (<see cref="RequestSignature"/>) anew on each try;
/// body and idempotency key stay the same, so a retry can never pay twice. <see cref="HttpClient.BaseAddress"/> is the
/// service (e.g. <c>https://ledger.example</c>); the signature covers the host and path the request goes to.
/// </summary>
public sealed partial class TerminalClient
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<TerminalResponse> _retry;

    public TerminalClient(HttpClient http, TerminalCredentials terminal, TerminalClientOptions? options = null)
    {
        _http = http;
        Terminal = terminal;
        Options = options ?? new TerminalClientOptions();
        _retry = TerminalRetry.Build(Options);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs its BaseAddress: the service's URL.", nameof(http));
    }

    public TerminalCredentials Terminal { get; }

    public TerminalClientOptions Options { get; }

    /// <summary>One signed try, no retry: the answer, or the transport's exception.</summary>
    /// <param name="nonce">A nonce of the caller's choosing (tests); a fresh random one by default.</param>
    public async Task<TerminalResponse> SendOnceAsync(PreparedRequest request, CancellationToken ct = default, string? nonce = null)
    {
        using var message = SignedRequest(_http.BaseAddress!, Terminal, request, Options.Time.GetUtcNow(), nonce);
        using var response = await _http.SendAsync(message, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return new TerminalResponse((int)response.StatusCode, body, RetryAfterOf(response),
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"));
    }

    /// <summary>
    /// <paramref name="request"/> signed now, ready for any <see cref="HttpClient"/> (for a caller with a pipeline of its own;
    /// every try needs a message of its own, with a new nonce). <paramref name="service"/> is the service's base URL: the
    /// signature covers the host and path the message goes to.
    /// </summary>
    public static HttpRequestMessage SignedRequest(Uri service, TerminalCredentials terminal, PreparedRequest request, DateTimeOffset now,
        string? nonce = null)
    {
        var uri = new Uri(service, request.PathAndQuery);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Method != "GET" || request.Body.Length > 0)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(PreparedRequest.ContentType);
        }
        message.Headers.Add(RequestSignature.IdempotencyKeyHeader, request.IdempotencyKey);
        var contentType = message.Content is null ? "" : PreparedRequest.ContentType;
        RequestSignature.Sign(terminal, request.Method, uri.Authority, uri.PathAndQuery, contentType, request.IdempotencyKey, request.Body, now, nonce)
            .ApplyTo(message);
        return message;
    }

    /// <summary>
    /// Tries until an answer that is not retryable (<see cref="RetryRules"/>), the tries are spent or the total time is up.
    /// Cancelling <paramref name="ct"/> throws <see cref="OperationCanceledException"/>: whether the request arrived is then
    /// unknown, so send the same <paramref name="request"/> again later.
    /// </summary>
    public Task<(TerminalResponse? Response, int Attempts, Exception? Error)> SendAsync(PreparedRequest request, CancellationToken ct = default) =>
        TerminalRetry.RunAsync(_retry, Options, token => SendOnceAsync(request, token), ct);

    /// <summary>Sends a prepared payment (again, after an <see cref="PaymentOutcome.Unanswered"/>) and reads its outcome.</summary>
    public async Task<PaymentOutcome> PayAsync(PreparedRequest request, CancellationToken ct = default)
    {
        var (response, attempts, error) = await SendAsync(request, ct);
        if (response is null || RetryRules.IsRetryable(response))
            return new PaymentOutcome.Unanswered(request, attempts, response?.Status, error);
        return PaymentAnswers.Read(request, response, attempts);
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
