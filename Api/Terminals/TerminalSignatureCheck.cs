using System.Security.Cryptography;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Terminals;

namespace Ledger.Api.Terminals;

/// <summary>
/// Authenticates requests to <see cref="TerminalSigned"/> endpoints before the body is bound: 401 for a
/// missing or bad signature, a timestamp outside ±5 minutes, a nonce seen before or an unknown or expired
/// key; 403 when the terminal or its merchant is suspended. Nothing of the command runs on a refusal.
/// </summary>
public sealed class TerminalSignatureCheck(RequestDelegate next)
{
    private const int MaxNonceLength = TerminalSignature.MaxNonceLength;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<TerminalSigned>() is null)
        {
            await next(http);
            return;
        }
        // Resolved only here: other endpoints must not depend on the master key being configured.
        var services = http.RequestServices;
        // The body's share of the memory budget, taken once the headers hold and given back when the request ends.
        System.Threading.RateLimiting.RateLimitLease? lease = null;
        try
        {
            IResult? refusal;
            using (Diagnostics.ApiActivities.Source.StartActivity(Diagnostics.ApiActivities.Authenticate))
                refusal = await CheckAsync(http, services.GetRequiredService<TerminalKeyStore>(),
                    services.GetRequiredService<TimeProvider>().GetUtcNow(), services.GetRequiredService<RequestBodyBudget>(), l => lease = l,
                    http.RequestAborted);
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
            await next(http);
        }
        finally
        {
            lease?.Dispose();
        }
    }

    private static async Task<IResult?> CheckAsync(HttpContext http, TerminalKeyStore keys, DateTimeOffset now,
        RequestBodyBudget budget, Action<System.Threading.RateLimiting.RateLimitLease> holdLease, CancellationToken ct)
    {
        var headers = http.Request.Headers;
        var target = http.Request.PathBase.Add(http.Request.Path).ToUriComponent() + http.Request.QueryString.ToUriComponent();
        var request = new SignedTerminalRequest(headers[TerminalAuthentication.KeyHeader].ToString(), headers[TerminalAuthentication.TimestampHeader].ToString(),
            headers[TerminalAuthentication.NonceHeader].ToString(), headers[TerminalAuthentication.SignatureHeader].ToString(),
            http.Request.Method, target, [], http.Request.Host.Value ?? "", http.Request.ContentType ?? "",
            headers[IdempotencyKeyHeader].ToString());
        // Headers, time window and key first: a sender without a valid key never gets a large body read.
        TerminalKey? key;
        long unixSeconds;
        TerminalRefusal? early;
        using (var lookup = await http.RequestServices.GetRequiredService<KeyLookupLimit>().AcquireAsync(ct))
        {
            if (!lookup.IsAcquired) return RequestBodyBudget.Busy(http);
            (key, unixSeconds, early) = await CheckHeadersAsync(request, keys, now, ct);
        }
        if (early is not null)
            return Problems.Of(early.Status, early.Code, early.Title, early.Detail);
        // Only now may the body cost memory, and only within the budget: a sender with a real key id (it travels in clear)
        // but no secret can make us read bodies, never more of them at once than the budget holds.
        if (await budget.AcquireAsync(http) is { } lease)
        {
            holdLease(lease);
            if (!lease.IsAcquired) return RequestBodyBudget.Busy(http);
        }
        var body = await ReadBodyAsync(http.Request, ct);
        http.Request.Body = new MemoryStream(body, writable: false);
        var (terminalId, merchantId, refusal) = await CheckSignedAsync(request with { Body = body }, key!, unixSeconds, keys,
            http.RequestServices.GetRequiredService<TerminalSignaturePolicy>(), now, ct);
        if (refusal is not null)
            return Problems.Of(refusal.Status, refusal.Code, refusal.Title, refusal.Detail);
        TerminalAuthentication.Authenticated(http, terminalId!.Value, merchantId!.Value);
        return null;
    }

    /// <summary>
    /// The body in memory, never EnableBuffering (that spills bodies over 30 KB, a face capture or a PIN, to a temporary
    /// file): in one array of the declared length, or grown as it streams in when none is declared (chunked), where
    /// BodySizeLimit's capped stream stops it at the endpoint's cap.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } length)
        {
            // BodySizeLimit refused anything over the endpoint's cap before this; Kestrel holds the client to the length.
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, ct);
            return body;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>
    /// The terminal's signature over one request, wherever it arrived (HTTP headers or a bus message): the key, the
    /// time window, the HMAC, the nonce (used up only once the signature holds), then the terminal and its merchant.
    /// With a refusal the terminal is null, except for <see cref="Replayed"/>, which names the terminal whose key signed.
    /// </summary>
    public static async Task<(Guid? TerminalId, TerminalRefusal? Refusal)> AuthenticateAsync(
        SignedTerminalRequest request, TerminalKeyStore keys, TerminalSignaturePolicy policy, DateTimeOffset now,
        CancellationToken ct)
    {
        var (key, unixSeconds, refusal) = await CheckHeadersAsync(request, keys, now, ct);
        if (refusal is not null) return (null, refusal);
        var signed = await CheckSignedAsync(request, key!, unixSeconds, keys, policy, now, ct);
        return (signed.TerminalId, signed.Refusal);
    }

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The refusal of a well-signed request whose nonce was used before.</summary>
    public const string Replayed = "replayed";

    /// <summary>What needs no body: the headers are there and well formed, the time is in the window, the key is valid.</summary>
    private static async Task<(TerminalKey? Key, long UnixSeconds, TerminalRefusal? Refusal)> CheckHeadersAsync(
        SignedTerminalRequest request, TerminalKeyStore keys, DateTimeOffset now, CancellationToken ct)
    {
        var (keyId, timestamp, nonce, signature) = (request.KeyId, request.Timestamp, request.Nonce, request.Signature);
        if (keyId.Length == 0 || nonce.Length == 0 || signature.Length == 0 || timestamp.Length == 0)
            return (null, 0, Refusal(401, "signature-missing", "Terminal requests need X-Terminal-Key, X-Timestamp, X-Nonce and X-Signature."));
        if (!TerminalSignature.IsSignableField(nonce))
            return (null, 0, Refusal(401, "nonce-invalid", $"X-Nonce must be 1 to {MaxNonceLength} visible ASCII characters."));
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, null, out var unixSeconds)
            || Math.Abs(now.ToUnixTimeSeconds() - unixSeconds) > TerminalSignature.AllowedSkew.TotalSeconds)
            return (null, 0, Refusal(401, "timestamp-out-of-window", "X-Timestamp must be the current time in unix seconds, within 5 minutes."));

        TerminalKey? key;
        try { key = await keys.FindRememberedAsync(keyId, now, ct); }
        catch (CryptographicException) { key = null; } // sealed under another master key: as good as unknown
        if (key is null || key.ValidUntil <= now)
            return (null, 0, KeyUnknown);
        return (key, unixSeconds, null);
    }

    /// <summary>The HMAC over the whole request, then the nonce, the terminal and its merchant (both named when it holds).</summary>
    private static async Task<(Guid? TerminalId, Guid? MerchantId, TerminalRefusal? Refusal)> CheckSignedAsync(
        SignedTerminalRequest request, TerminalKey key, long unixSeconds, TerminalKeyStore keys,
        TerminalSignaturePolicy policy, DateTimeOffset now, CancellationToken ct)
    {
        var (keyId, nonce, signature) = (request.KeyId, request.Nonce, request.Signature);
        var v2 = signature.StartsWith(TerminalSignature.V2Prefix, StringComparison.Ordinal);
        if (!v2 && now >= policy.V1AcceptedUntil)
            return Refused(401, "signature-version-retired",
                $"Signature v1 is not accepted since {policy.V1AcceptedUntil:yyyy-MM-dd}: sign with v2 (X-Signature: v2=...).");
        var stringToSign = v2
            ? TerminalSignature.StringToSignV2(request.Method, request.Host, request.Target, request.ContentType, request.IdempotencyKey,
                unixSeconds, nonce, request.Body)
            : TerminalSignature.StringToSign(request.Method, request.Target, unixSeconds, nonce, request.Body);
        if (!TerminalSignature.Matches(key.Secret, stringToSign, v2 ? signature[TerminalSignature.V2Prefix.Length..] : signature))
            return Refused(401, "signature-invalid", "The signature does not match the request.");

        // Only after the signature holds, so nobody without the key can use up a terminal's nonces. The key's end, the
        // terminal and its merchant are read in the same round trip: the key may have been remembered since before another
        // node ended it, and the terminal and merchant are looked at only once the nonce is used up, so a replay learns
        // nothing about them.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(unixSeconds) + TerminalSignature.AllowedSkew + TimeSpan.FromMinutes(1);
        var (nonceNew, keyValid, terminal, merchant) = await keys.UseNonceAndReadTerminalAsync(keyId, nonce, expiresAt, now, ct);
        if (!keyValid) return (null, null, KeyUnknown);
        if (!nonceNew)
            // The signature held: this is the terminal's own request, seen before. The bus may answer it with the decision
            // stored under its key (a redelivery after the commit); HTTP looks at the refusal only.
            return (key.TerminalId, null, Refusal(401, Replayed, "This nonce was already used with this key."));

        if (terminal is null) return (null, null, KeyUnknown);
        if (terminal.ThrottledForFailedAttempts)
            return Refused(429, RuleCodes.TooManyFailedAttempts, "Too many failed attempts: the terminal is suspended until an operator reactivates it.");
        if (terminal.Status != TerminalStatus.Active)
            return Refused(403, RuleCodes.TerminalNotActive, "The terminal is suspended.");
        if (merchant?.Status != MerchantStatus.Active)
            return Refused(403, RuleCodes.MerchantNotActive, "The terminal's merchant is suspended.");
        return (terminal.Id, terminal.MerchantId, null);
    }

    private static (Guid?, Guid?, TerminalRefusal?) Refused(int status, string code, string detail) => (null, null, Refusal(status, code, detail));

    private static TerminalRefusal Refusal(int status, string code, string detail) => new(status, code, detail);

    private static readonly TerminalRefusal KeyUnknown = Refusal(401, "key-unknown", "The terminal key is unknown or no longer valid.");
}

/// <summary>What a terminal signed: its key, time, nonce and signature, and the method, target and body they cover.</summary>
public sealed record SignedTerminalRequest(string KeyId, string Timestamp, string Nonce, string Signature, string Method, string Target, byte[] Body,
    string Host = "", string ContentType = "", string IdempotencyKey = "");

/// <summary>Why a terminal request was refused: 401 (not authenticated) or 403 (terminal or merchant suspended).</summary>
public sealed record TerminalRefusal(int Status, string Code, string Detail)
{
    public string Title => Status switch
    {
        401 => "The terminal request is not authenticated.",
        429 => "Too many failed attempts.",
        _ => "Forbidden.",
    };
}
