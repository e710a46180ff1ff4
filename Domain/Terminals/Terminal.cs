using Ledger.Domain.FacePay;

namespace Ledger.Domain.Terminals;

public enum TerminalStatus
{
    Active,
    Suspended,
}

/// <summary>
/// A self-service till or kiosk, registered to exactly one merchant. <paramref name="FailedAttempts"/> are its recent
/// failed customer-factor attempts (a face or code that verified nobody); <paramref name="SuspensionReason"/> says why
/// it is suspended, when it is; <paramref name="DeviceKey"/> is the key its camera module signs capture statements with.
/// </summary>
public sealed record Terminal(
    Guid Id, Guid MerchantId, string Label, GeoPoint? Location, TerminalStatus Status, DateTimeOffset RegisteredAt,
    FailureStreak? FailedAttempts = null, string? SuspensionReason = null, DeviceKey? DeviceKey = null)
{
    /// <summary>Failed attempts since the last reactivation (none in snapshots older than the field).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public FailureStreak Failures => FailedAttempts ?? FailureStreak.None;

    /// <summary>Suspended by the attempt limit (answered 429 until an operator reactivates it), not by an operator.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ThrottledForFailedAttempts => Status == TerminalStatus.Suspended && SuspensionReason == TerminalAttempts.SuspensionReason;
}
