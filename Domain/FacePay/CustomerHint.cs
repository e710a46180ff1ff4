namespace Ledger.Domain.FacePay;

/// <summary>How the shopper narrowed the search at the till: the last four digits of their phone number, the whole
/// number (E.164), or a wallet a loyalty card names.</summary>
public sealed record CustomerHint(CustomerHintKind Kind, string? PhoneLastFour, string? PhoneE164, Guid? WalletId)
{
    public static CustomerHint LastFour(string digits) => new(CustomerHintKind.PhoneLastFour, digits, null, null);

    public static CustomerHint Phone(string e164) => new(CustomerHintKind.PhoneNumber, null, e164, null);

    public static CustomerHint Wallet(Guid walletId) => new(CustomerHintKind.Wallet, null, null, walletId);
}
