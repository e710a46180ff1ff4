namespace Ledger.Domain.Wallets;

/// <summary>Folds wallet events into the wallet state. Never throws on a recorded event: history is fact.</summary>
public static class WalletEvolution
{
    public static Wallet? Evolve(Wallet? wallet, object @event) => (wallet, @event) switch
    {
        (null, WalletOpened e) => new Wallet(e.WalletId, e.CustomerName, e.PhoneNumber, e.Currency, WalletStatus.Active,
            Money.Zero(e.Currency), e.Limits, DailyUsage.None, FacePayEnabled: false, ConsentPolicyVersion: null, e.OpenedAt),
        (null, _) => null,
        (_, WalletToppedUp e) => wallet with { Balance = wallet.Balance + e.Amount },
        (_, WalletPaidOut e) => wallet with { Balance = wallet.Balance - e.Amount },
        (_, WalletDebited e) => wallet with
        {
            Balance = wallet.Balance - e.Amount,
            UsedToday = wallet.UsedToday.Add(e.Amount.Minor, e.DebitedAt),
        },
        (_, WalletCredited e) => wallet with { Balance = wallet.Balance + e.Amount },
        (_, WalletLimitsChanged e) => wallet with { Limits = e.Limits },
        (_, FacePayEnabled e) => wallet with { FacePayEnabled = true, ConsentPolicyVersion = e.ConsentPolicyVersion },
        (_, FacePayDisabled) => wallet with { FacePayEnabled = false },
        (_, WalletFrozen) => wallet with { Status = WalletStatus.Frozen },
        (_, WalletUnfrozen) => wallet with { Status = WalletStatus.Active },
        (_, WalletClosed) => wallet with { Status = WalletStatus.Closed },
        _ => wallet,
    };

    public static Wallet? Fold(IEnumerable<object> events) => events.Aggregate((Wallet?)null, Evolve);
}
