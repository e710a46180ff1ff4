namespace Ledger.Domain.Application;

/// <summary>Who or what caused a command (recorded on every event it produces).</summary>
public sealed record Actor(string Kind, string Id)
{
    public static Actor Operator(string id) => new("operator", id);
    public static Actor Terminal(Guid id) => new("terminal", id.ToString());
    public static Actor System(string component) => new("system", component);

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>The envelope of one command: who, which request, which conversation, and when.</summary>
public sealed record CommandContext(
    Actor Actor,
    string IdempotencyKey,
    string CorrelationId,
    string? CausationId,
    string RequestId,
    DateTimeOffset Now)
{
    /// <summary>
    /// The id of something this command creates, derived from the caller's idempotency key, so a
    /// repeated or concurrent duplicate request names the same wallet, payment or refund.
    /// </summary>
    public Guid IdFor(string purpose)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{IdempotencyKey}\n{purpose}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
