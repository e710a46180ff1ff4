using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>How each face-pay event changes the wallet; history is fact, so folding never throws.</summary>
public class FaceWalletEvolutionTests
{
    private static Wallet Fold(params object[] events) => WalletEvolution.Fold(Support.History.Flatten(events))!;

    [Fact]
    public void A_new_wallet_has_no_biometrics()
    {
        Assert.Equal(FaceProfile.None, Fold(Opened()).Biometrics);
    }

    [Fact]
    public void Consent_with_a_purpose_enables_face_pay_under_its_policy_version()
    {
        var wallet = Fold(Opened(), Consented(NewConsentPolicy));

        Assert.True(wallet.FacePayEnabled);
        Assert.Equal(NewConsentPolicy, wallet.ConsentPolicyVersion);
    }

    [Fact]
    public void The_consented_purpose_is_kept_when_a_later_opt_in_names_none()
    {
        var consented = Fold(Opened(), Consented());
        var optedInAgain = WalletEvolution.Evolve(consented, new FacePayEnabled(WalletId, NewConsentPolicy, null, Today))!;

        Assert.Equal(Purpose, consented.Biometrics.ConsentPurpose);
        Assert.Equal(Purpose, optedInAgain.Biometrics.ConsentPurpose);
        Assert.Equal(NewConsentPolicy, optedInAgain.ConsentPolicyVersion);
    }

    [Fact]
    public void An_enrolment_sets_the_current_template()
    {
        var wallet = Fold(Opened(), Consented(), Enrolled(at: Today));

        Assert.Equal(new FaceTemplateRef(TemplateId, ModelId, ModelSha256, Today, Outdated: false), wallet.Biometrics.Template);
        Assert.False(wallet.Biometrics.Erased);
    }

    [Fact]
    public void A_re_enrolment_replaces_the_template()
    {
        var wallet = Fold(Opened(), Consented(), Enrolled(), Enrolled(NewTemplateId, replaces: TemplateId, modelId: NewModelId, at: Today));

        Assert.Equal(new FaceTemplateRef(NewTemplateId, NewModelId, ModelSha256, Today, Outdated: false), wallet.Biometrics.Template);
    }

    [Fact]
    public void Marking_the_current_template_outdated_flags_it()
    {
        var wallet = Fold(Opened(), Consented(), Enrolled(), new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today));

        Assert.True(wallet.Biometrics.Template?.Outdated);
    }

    [Fact]
    public void Marking_a_template_that_was_already_replaced_leaves_the_current_one_alone()
    {
        var wallet = Fold(Opened(), Consented(), Enrolled(), Enrolled(NewTemplateId, replaces: TemplateId, modelId: NewModelId),
            new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today));

        Assert.Equal(false, wallet.Biometrics.Template?.Outdated);
        Assert.Equal(NewTemplateId, wallet.Biometrics.Template?.TemplateId);
    }

    [Fact]
    public void Erasure_removes_the_template_and_remembers_it_was_erased_but_keeps_the_money()
    {
        var wallet = Fold(Opened(), ToppedUp(Eur(80m)), Consented(), Enrolled(),
            new FacePayDisabled(WalletId, Today), new BiometricDataErased(WalletId, TemplateId, "customer request", Today));

        Assert.Null(wallet.Biometrics.Template);
        Assert.True(wallet.Biometrics.Erased);
        Assert.False(wallet.FacePayEnabled);
        Assert.Equal(Eur(80m), wallet.Balance);
    }

    [Fact]
    public void Failures_add_up_in_order_and_a_success_clears_them()
    {
        var failing = Fold(Opened(), FailedAgo(Minutes(5)), FailedAgo(Minutes(1)));
        var cleared = WalletEvolution.Evolve(failing, Cleared())!;

        Assert.Equal(new[] { Today.AddMinutes(-5), Today.AddMinutes(-1) }, failing.Biometrics.Failures.Failures);
        Assert.True(cleared.Biometrics.Failures.IsEmpty);
    }

    [Fact]
    public void A_lock_holds_the_moment_it_was_locked_and_an_unlock_forgets_the_failures()
    {
        var locked = Fold(Opened(), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), FailedAgo(Minutes(0)), Locked());
        var unlocked = WalletEvolution.Evolve(locked, new FacePayUnlocked(WalletId, Today.AddHours(1)))!;

        Assert.Equal(Today, locked.Biometrics.LockedAt);
        Assert.True(locked.Biometrics.IsLocked);
        Assert.False(unlocked.Biometrics.IsLocked);
        Assert.True(unlocked.Biometrics.Failures.IsEmpty);
    }

    [Fact]
    public void A_debit_makes_the_customer_a_regular_at_that_merchant_once()
    {
        var wallet = Fold(Opened(), ToppedUp(Eur(80m)), PaidBefore(MerchantId, Eur(1m)), PaidBefore(MerchantId, Eur(1m)), PaidBefore(OtherMerchantId, Eur(1m)));

        Assert.Equal([MerchantId, OtherMerchantId], wallet.Biometrics.KnownMerchants);
    }

    [Fact]
    public void A_customer_is_a_regular_at_the_merchants_paid_at_most_recently_and_no_more()
    {
        var merchants = Enumerable.Range(0, FaceProfile.MerchantsRemembered + 1).Select(_ => Guid.NewGuid()).ToList();
        var atTheBound = Fold([Opened(), ToppedUp(Eur(80m)), .. merchants.SkipLast(1).Select(m => PaidBefore(m, Eur(1m)))]);
        var pastIt = WalletEvolution.Evolve(atTheBound, PaidBefore(merchants[^1], Eur(1m)))!;

        Assert.Equal(merchants.SkipLast(1), atTheBound.Biometrics.KnownMerchants);
        Assert.Equal(merchants.Skip(1), pastIt.Biometrics.KnownMerchants);
        Assert.False(pastIt.Biometrics.IsRegularAt(merchants[0]));
        Assert.True(pastIt.Biometrics.IsRegularAt(merchants[1]));
    }

    [Fact]
    public void Paying_again_at_a_merchant_keeps_it_among_those_remembered()
    {
        var merchants = Enumerable.Range(0, FaceProfile.MerchantsRemembered + 1).Select(_ => Guid.NewGuid()).ToList();
        var wallet = Fold([Opened(), ToppedUp(Eur(80m)), .. merchants.SkipLast(1).Select(m => PaidBefore(m, Eur(1m))),
            PaidBefore(merchants[0], Eur(1m)), PaidBefore(merchants[^1], Eur(1m))]);

        Assert.True(wallet.Biometrics.IsRegularAt(merchants[0]));
        Assert.False(wallet.Biometrics.IsRegularAt(merchants[1]));
        Assert.Equal(FaceProfile.MerchantsRemembered, wallet.Biometrics.KnownMerchants.Count);
        Assert.Equal([merchants[0], merchants[^1]], wallet.Biometrics.KnownMerchants.TakeLast(2));
    }

    [Fact]
    public void Setting_a_pin_changes_nothing_the_wallet_holds()
    {
        var before = Fold(Opened(), Consented(), Enrolled());

        Assert.Equal(before, WalletEvolution.Evolve(before, new FacePayPinSet(WalletId, Today)));
    }

    [Fact]
    public void Face_events_before_the_wallet_opened_leave_no_wallet()
    {
        Assert.Null(WalletEvolution.Fold([Enrolled(), FailedAgo(Minutes(1)), Locked()]));
    }

    [Fact]
    public void A_wallet_stored_before_biometrics_existed_reads_as_none()
    {
        var legacy = Fold(Opened()) with { Face = null };

        Assert.Equal(FaceProfile.None, legacy.Biometrics);
        Assert.False(legacy.Biometrics.IsLocked);
    }
}
