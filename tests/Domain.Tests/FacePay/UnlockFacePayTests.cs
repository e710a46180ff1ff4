using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>A lock-out lasts until an operator unlocks it; the unlock starts a fresh count of failures.</summary>
public class UnlockFacePayTests
{
    private static UnlockFacePay Unlock() => new(WalletId, Today);

    [Fact]
    public void An_operator_unlocks_a_locked_wallet_and_its_failures_no_longer_count()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(3)), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), Locked(at: Today.AddMinutes(-1)))
            .When(Unlock())
            .Then(new FacePayUnlocked(WalletId, Today))
            .AndWallet(wallet =>
            {
                Assert.False(wallet.Biometrics.IsLocked);
                Assert.True(wallet.Biometrics.Failures.IsEmpty);
            });
    }

    [Fact]
    public void A_wallet_that_is_not_locked_has_nothing_to_unlock()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(1)))
            .When(Unlock())
            .ThenNothing();
    }

    [Fact]
    public void Unlocking_twice_records_the_unlock_once()
    {
        Given(FaceReady(Eur(80m)), Locked(at: Today.AddMinutes(-2)), new FacePayUnlocked(WalletId, Today.AddMinutes(-1)))
            .When(Unlock())
            .ThenNothing();
    }

    [Fact]
    public void An_unknown_wallet_is_refused()
    {
        Given()
            .When(Unlock())
            .ThenRefused(RuleCodes.NotFound);
    }
}
