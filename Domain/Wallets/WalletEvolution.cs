using Ledger.Domain.FacePay;

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
            Face = wallet.Biometrics.PaidAt(e.MerchantId),
        },
        (_, WalletCredited e) => wallet with { Balance = wallet.Balance + e.Amount },
        (_, WalletLimitsChanged e) => wallet with { Limits = e.Limits },
        (_, FacePayEnabled e) => wallet with
        {
            FacePayEnabled = true,
            ConsentPolicyVersion = e.ConsentPolicyVersion,
            Face = e.Purpose is null ? wallet.Face : wallet.Biometrics with { ConsentPurpose = e.Purpose },
        },
        (_, FacePayDisabled) => wallet with { FacePayEnabled = false },
        (_, WalletFrozen) => wallet with { Status = WalletStatus.Frozen },
        (_, WalletUnfrozen) => wallet with { Status = WalletStatus.Active },
        (_, WalletClosed) => wallet with { Status = WalletStatus.Closed },
        (_, FaceEnrolled e) => wallet with
        {
            // A new capture starts afresh: templates of other models came from older captures.
            Face = wallet.Biometrics with
            {
                Template = new FaceTemplateRef(e.TemplateId, e.ModelId, e.ModelSha256, e.EnrolledAt, false), OtherModels = null, Erased = false,
            },
        },
        (_, FaceTemplateRenewed e) => wallet with
        {
            Face = wallet.Biometrics.WithRenewed(new FaceTemplateRef(e.TemplateId, e.ModelId, e.ModelSha256, e.RenewedAt, false)),
        },
        (_, FaceTemplateOutdated e) when wallet.Biometrics.TemplateById(e.TemplateId) is not null =>
            wallet with { Face = wallet.Biometrics.WithOutdated(e.TemplateId) },
        (_, BiometricDataErased) => wallet with { Face = wallet.Biometrics with { Template = null, OtherModels = null, Erased = true } },
        (_, FacePayFailureRecorded e) => wallet with { Face = wallet.Biometrics with { Failures = wallet.Biometrics.Failures.After(e.FailedAt) } },
        (_, FacePayFailuresCleared) => wallet with { Face = wallet.Biometrics with { Failures = FailureStreak.None } },
        (_, FacePayLocked e) => wallet with { Face = wallet.Biometrics with { LockedAt = e.LockedAt } },
        (_, FacePayUnlocked) => wallet with { Face = wallet.Biometrics with { LockedAt = null, Failures = FailureStreak.None, PinRejections = 0 } },
        (_, FacePayPinRejected e) => wallet with { Face = wallet.Biometrics with { PinRejections = e.Rejections } },
        (_, FacePayPinAccepted) => wallet with { Face = wallet.Biometrics with { PinRejections = 0 } },
        _ => wallet,
    };

    public static Wallet? Fold(IEnumerable<object> events) => events.Aggregate((Wallet?)null, Evolve);
}
