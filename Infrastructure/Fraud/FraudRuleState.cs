using Ledger.Domain.Fraud;

namespace Ledger.Infrastructure.Fraud;

/// <summary>
/// The rule runner's memory of one subject (id <c>terminal:{id}</c> or <c>wallet:{id}</c>), written in the same
/// transaction as the runner's checkpoint and the alerts it raised.
/// </summary>
public sealed record FraudRuleState(string Id, FraudWindow Window)
{
    public static string IdOf(FraudSubject subject) => subject.ToString();
}
