namespace Ledger.Domain.Wallets;

/// <summary>
/// The state of a customer wallet, folded from its events. It is also the inline balance view, so
/// a balance read right after a write sees the write.
/// </summary>
public sealed record Wallet(
    Guid Id,
    string CustomerName,
    string PhoneNumber,
    Currency Currency,
    WalletStatus Status,
    Money Balance,
    WalletLimits Limits,
    DailyUsage UsedToday,
    bool FacePayEnabled,
    string? ConsentPolicyVersion,
    DateTimeOffset OpenedAt,
    FacePay.FaceProfile? Face = null)
{
    /// <summary>The face-pay biometrics (none until enrolment; older snapshots predate the field).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public FacePay.FaceProfile Biometrics => Face ?? FacePay.FaceProfile.None;

    [System.Text.Json.Serialization.JsonIgnore]
    public string PhoneLastFour => PhoneNumber[^4..];
}
