using System.Security.Cryptography;
using Ledger.Infrastructure.Terminals;
using MassTransit;

namespace Ledger.Api.FacePay;

/// <summary>
/// Signs and sends every answer to a terminal on the bus, decisions and problems alike, with the key named by its
/// request (<see cref="TerminalReplySignature"/>). A key this service does not know, or a nonce or key id it cannot
/// echo safely, gives an unsigned reply, which the terminal treats as no answer. Sending never throws: a reply that
/// cannot be sent is logged and the request is still acknowledged, so it never lands in an error queue with its image.
/// </summary>
public sealed class FacePaymentReplies(IServiceProvider services, TimeProvider time, ILogger<FacePaymentReplies> logger)
{
    /// <summary>How long signing and sending one reply may take, whatever happened to the request's own token.</summary>
    private static readonly TimeSpan SendWithin = TimeSpan.FromSeconds(10);

    /// <summary>The reply to the request named by its key id, nonce and signature, signed when the key is known.</summary>
    public async Task<FacePaymentReplied> SignAsync(RequestFields request, int status, string body, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var (keyId, nonce, requestSignature) = request;
        if (!TerminalReplySignature.CanSignOver(keyId) || !TerminalReplySignature.CanSignOver(nonce) || !TerminalReplySignature.CanSignOver(requestSignature))
            return new FacePaymentReplied(status, body, "", timestamp, "");
        var secret = await SecretOfAsync(keyId!, ct);
        var signature = secret is null ? ""
            : TerminalSignature.Compute(secret, TerminalReplySignature.StringToSign(keyId!, nonce!, requestSignature!, timestamp, status, body));
        return new FacePaymentReplied(status, body, nonce!, timestamp, signature);
    }

    /// <summary>Answers a request that was read: to its response address (published when it has none).</summary>
    public async Task SendAsync(ConsumeContext context, RequestFields request, int status, string body)
    {
        using var within = new CancellationTokenSource(SendWithin);
        try
        {
            var reply = await SignAsync(request, status, body, within.Token);
            var endpoint = await context.GetResponseEndpoint<FacePaymentReplied>();
            await endpoint.Send(reply, within.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The reply ({Status}) to a face payment on the bus could not be sent; the terminal retries with the same key", status);
        }
    }

    /// <summary>Answers a message that could not be read as a request, from what could be read of its envelope.</summary>
    public async Task SendAsync(ReceiveContext context, Uri responseAddress, Guid? requestId, RequestFields request, int status, string body)
    {
        using var within = new CancellationTokenSource(SendWithin);
        try
        {
            var reply = await SignAsync(request, status, body, within.Token);
            var endpoint = await context.SendEndpointProvider.GetSendEndpoint(responseAddress);
            await endpoint.Send(reply, send => send.RequestId = requestId, within.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The reply ({Status}) to an unreadable face payment message could not be sent", status);
        }
    }

    private async Task<string?> SecretOfAsync(string keyId, CancellationToken ct)
    {
        try
        {
            // Resolved here, not injected: a service without its master key still answers, unsigned.
            var key = await services.GetRequiredService<TerminalKeyStore>().FindAsync(keyId, ct);
            // An expired key still signs: the reply goes to whoever holds it, and says no more than a refusal.
            return key?.Secret;
        }
        catch (CryptographicException)
        {
            return null; // sealed under another master key: as good as unknown
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The key of a bus request could not be read; its reply goes unsigned");
            return null;
        }
    }
}

/// <summary>What a reply is bound to: the request's key id, nonce and signature, as they arrived (any may be missing).</summary>
public sealed record RequestFields(string? KeyId, string? Nonce, string? Signature);
