namespace Ledger.Domain.Accounting;

public enum AccountKind
{
    /// <summary>A customer wallet: a liability the ledger owes the customer.</summary>
    Wallet,
    /// <summary>A merchant's settlement account.</summary>
    Merchant,
    /// <summary>Where top-ups come from (card acquirer, bank transfer): the outside world, inbound.</summary>
    ExternalFunding,
    /// <summary>Where payouts go: the outside world, outbound.</summary>
    ExternalPayout,
}

/// <summary>An account in the double-entry journal, addressed by a stable code such as <c>wallet:{id}</c>.</summary>
public sealed record LedgerAccount(AccountKind Kind, Guid? OwnerId)
{
    public static LedgerAccount ForWallet(Guid walletId) => new(AccountKind.Wallet, walletId);
    public static LedgerAccount ForMerchant(Guid merchantId) => new(AccountKind.Merchant, merchantId);
    public static readonly LedgerAccount ExternalFunding = new(AccountKind.ExternalFunding, null);
    public static readonly LedgerAccount ExternalPayout = new(AccountKind.ExternalPayout, null);

    public string Code => Kind switch
    {
        AccountKind.Wallet => $"wallet:{OwnerId}",
        AccountKind.Merchant => $"merchant:{OwnerId}",
        AccountKind.ExternalFunding => "external:funding",
        _ => "external:payout",
    };

    public override string ToString() => Code;
}
