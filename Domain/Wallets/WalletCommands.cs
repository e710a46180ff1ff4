namespace Ledger.Domain.Wallets;

/// <summary>Commands an operator (or the customer's bank rail) sends to a wallet. Time comes in as <c>Now</c>.</summary>
public abstract record WalletCommand(Guid WalletId, DateTimeOffset Now);

public sealed record OpenWallet(
    Guid WalletId, string CustomerName, string PhoneNumber, Currency Currency, WalletLimits? Limits, DateTimeOffset Now)
    : WalletCommand(WalletId, Now);

public sealed record TopUpWallet(Guid WalletId, Guid TopUpId, Money Amount, string FundingReference, DateTimeOffset Now)
    : WalletCommand(WalletId, Now);

public sealed record PayOutWallet(Guid WalletId, Guid PayoutId, Money Amount, string PayoutReference, DateTimeOffset Now)
    : WalletCommand(WalletId, Now);

public sealed record SetWalletLimits(Guid WalletId, WalletLimits Limits, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record EnableFacePay(Guid WalletId, string ConsentPolicyVersion, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record DisableFacePay(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record FreezeWallet(Guid WalletId, string Reason, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record UnfreezeWallet(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record CloseWallet(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);
