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
    public Guid IdFor(string purpose) => DerivedId.Of($"{IdempotencyKey}\n{purpose}");
}
