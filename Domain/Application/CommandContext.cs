namespace Ledger.Domain.Application;

/// <summary>Who or what caused a command (recorded on every event it produces).</summary>
public sealed record Actor(string Kind, string Id)
{
    public static Actor Operator(string id) => new("operator", id);
    public static Actor Terminal(Guid id) => new("terminal", id.ToString());
    public static Actor System(string component) => new("system", component);

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>
/// The envelope of one command: who, which request, which conversation, and when; <see cref="Reason"/> is why, where the
/// caller gave one that the command itself does not carry (the console asks for it on every operator action).
/// </summary>
public sealed record CommandContext(
    Actor Actor,
    string IdempotencyKey,
    string CorrelationId,
    string? CausationId,
    string RequestId,
    DateTimeOffset Now,
    string? Reason = null)
{
    /// <summary>
    /// The id of something this command creates, derived from the caller's idempotency key, so a
    /// repeated or concurrent duplicate request names the same wallet, payment or refund.
    /// </summary>
    public Guid IdFor(string purpose) => DerivedId.Of($"{IdempotencyKey}\n{purpose}");
}
