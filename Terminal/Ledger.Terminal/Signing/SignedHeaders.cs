namespace Ledger.Terminal.Signing;

/// <summary>The four headers a signed request carries (besides <c>Content-Type</c> and <c>Idempotency-Key</c>, which it covers).</summary>
public sealed record SignedHeaders(string KeyId, string Timestamp, string Nonce, string Signature)
{
    /// <summary>Header name and value, in the order the service documents them.</summary>
    public IEnumerable<KeyValuePair<string, string>> All =>
    [
        new(RequestSignature.KeyHeader, KeyId),
        new(RequestSignature.TimestampHeader, Timestamp),
        new(RequestSignature.NonceHeader, Nonce),
        new(RequestSignature.SignatureHeader, Signature),
    ];

    public void ApplyTo(HttpRequestMessage request)
    {
        foreach (var (name, value) in All) request.Headers.TryAddWithoutValidation(name, value);
    }
}
