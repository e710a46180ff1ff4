namespace Ledger.Domain;

/// <summary>
/// A command that the rules refuse outright (nothing is recorded). Outcomes that must be recorded,
/// such as a declined payment, are events instead.
/// </summary>
public sealed class DomainRuleViolation(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
