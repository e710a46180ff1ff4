namespace Ledger.Domain.Wallets;

/// <summary>
/// The wallet's rules for operator and funding commands. Payments are decided by
/// <see cref="Payments.PaymentDecider"/>, which reads the wallet. A command that is already
/// satisfied (freezing a frozen wallet) returns no events.
/// </summary>
public static class WalletDecider
{
    public static IReadOnlyList<IWalletEvent> Decide(WalletCommand command, Wallet? wallet) => command switch
    {
        OpenWallet open => Open(open, wallet),
        _ when wallet is null => throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {command.WalletId} does not exist."),
        TopUpWallet topUp => TopUp(topUp, wallet),
        PayOutWallet payOut => PayOut(payOut, wallet),
        SetWalletLimits limits => SetLimits(limits, wallet),
        EnableFacePay enable => EnableFacePay(enable, wallet),
        DisableFacePay disable => !wallet.FacePayEnabled ? [] : [new FacePayDisabled(wallet.Id, disable.Now)],
        FreezeWallet freeze => Freeze(freeze, wallet),
        UnfreezeWallet unfreeze => Unfreeze(unfreeze, wallet),
        CloseWallet close => Close(close, wallet),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown wallet command."),
    };

    private static IReadOnlyList<IWalletEvent> Open(OpenWallet command, Wallet? wallet)
    {
        if (wallet is not null)
            throw new DomainRuleViolation(RuleCodes.AlreadyExists, $"Wallet {command.WalletId} already exists.");
        var phone = PhoneNumber.Parse(command.PhoneNumber);
        var limits = command.Limits ?? WalletLimits.DefaultFor(command.Currency);
        limits.EnsureValidFor(command.Currency);
        return [new WalletOpened(command.WalletId, command.CustomerName, phone.E164, command.Currency, limits, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> TopUp(TopUpWallet command, Wallet wallet)
    {
        EnsurePositiveIn(command.Amount, wallet);
        if (wallet.Status == WalletStatus.Closed)
            throw new DomainRuleViolation(RuleCodes.WalletClosed, "A closed wallet cannot be topped up.");
        return [new WalletToppedUp(wallet.Id, command.TopUpId, command.Amount, command.FundingReference, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> PayOut(PayOutWallet command, Wallet wallet)
    {
        EnsurePositiveIn(command.Amount, wallet);
        if (wallet.Status != WalletStatus.Active)
            throw new DomainRuleViolation(RuleCodes.WalletNotActive, $"A {wallet.Status.ToString().ToLowerInvariant()} wallet cannot pay out.");
        if (command.Amount > wallet.Balance)
            throw new DomainRuleViolation(RuleCodes.InsufficientFunds, $"Balance {wallet.Balance} does not cover {command.Amount}.");
        return [new WalletPaidOut(wallet.Id, command.PayoutId, command.Amount, command.PayoutReference, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> EnableFacePay(EnableFacePay command, Wallet wallet)
    {
        EnsureNotClosed(wallet);
        return wallet.FacePayEnabled && wallet.ConsentPolicyVersion == command.ConsentPolicyVersion
            ? []
            : [new FacePayEnabled(wallet.Id, command.ConsentPolicyVersion, null, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> SetLimits(SetWalletLimits command, Wallet wallet)
    {
        EnsureNotClosed(wallet);
        command.Limits.EnsureValidFor(wallet.Currency);
        return command.Limits == wallet.Limits ? [] : [new WalletLimitsChanged(wallet.Id, command.Limits, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> Freeze(FreezeWallet command, Wallet wallet)
    {
        EnsureNotClosed(wallet);
        return wallet.Status == WalletStatus.Frozen ? [] : [new WalletFrozen(wallet.Id, command.Reason, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> Unfreeze(UnfreezeWallet command, Wallet wallet)
    {
        EnsureNotClosed(wallet);
        return wallet.Status == WalletStatus.Active ? [] : [new WalletUnfrozen(wallet.Id, command.Now)];
    }

    private static IReadOnlyList<IWalletEvent> Close(CloseWallet command, Wallet wallet)
    {
        if (wallet.Status == WalletStatus.Closed) return [];
        if (!wallet.Balance.IsZero)
            throw new DomainRuleViolation(RuleCodes.BalanceNotZero, $"Only a wallet at zero can be closed; balance is {wallet.Balance}.");
        return [new WalletClosed(wallet.Id, command.Now)];
    }

    private static void EnsureNotClosed(Wallet wallet)
    {
        if (wallet.Status == WalletStatus.Closed)
            throw new DomainRuleViolation(RuleCodes.WalletClosed, "The wallet is closed.");
    }

    private static void EnsurePositiveIn(Money amount, Wallet wallet)
    {
        if (amount.Currency != wallet.Currency)
            throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"The wallet holds {wallet.Currency}, not {amount.Currency}.");
        if (!amount.IsPositive)
            throw new DomainRuleViolation(RuleCodes.AmountNotPositive, "The amount must be positive.");
    }
}
