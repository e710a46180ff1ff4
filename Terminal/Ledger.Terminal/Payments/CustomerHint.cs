namespace Ledger.Terminal.Payments;

/// <summary>How the shopper narrows the face search at the till: exactly one of these.</summary>
public sealed record CustomerHint(string? PhoneLastFour = null, string? PhoneNumber = null, Guid? WalletId = null)
{
    /// <summary>The last four digits of the phone number (a regular at this merchant).</summary>
    public static CustomerHint LastFour(string digits) => new(PhoneLastFour: digits);

    /// <summary>The whole number in E.164 form (a first visit at a merchant needs it).</summary>
    public static CustomerHint Phone(string e164) => new(PhoneNumber: e164);

    public static CustomerHint Wallet(Guid walletId) => new(WalletId: walletId);
}
