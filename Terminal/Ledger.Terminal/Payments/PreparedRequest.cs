namespace Ledger.Terminal.Payments;

/// <summary>
/// A request exactly as it goes out, before any signature: the same bytes under the same idempotency key on every try,
/// so that the service answers a repeat from its record instead of deciding again. Keep it until a decision is known.
/// </summary>
public sealed record PreparedRequest(string Method, string PathAndQuery, string IdempotencyKey, byte[] Body)
{
    public const string ContentType = "application/json";

    public static PreparedRequest Post(string path, string idempotencyKey, byte[] body)
    {
        if (string.IsNullOrEmpty(idempotencyKey)) throw new ArgumentException("Every state change needs an idempotency key.", nameof(idempotencyKey));
        return new PreparedRequest("POST", path, idempotencyKey, body);
    }
}
