using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>An operator may lift a lock before its cool-down ends; the count of failures starts again.</summary>
public class UnlockPaymentCredentialTests
{
    private static UnlockPaymentCredential Unlock() => new(CredentialId, Now);

    [Fact]
    public void An_operator_lifts_a_running_lock()
    {
        Given(CodeReady(), Locked(at: Now.AddMinutes(-1)))
            .When(Unlock())
            .Then(new PaymentCredentialUnlocked(CredentialId, Now))
            .AndCredential(credential => Assert.False(credential.IsLockedAt(Now)));
    }

    [Fact]
    public void After_an_unlock_one_more_failure_does_not_lock_again()
    {
        Given(CodeReady(), FailedAgo(Minutes(3)), FailedAgo(Minutes(2)), Rejected(PaymentCodeRejection.WrongCode, at: Now.AddMinutes(-1)),
                Locked(at: Now.AddMinutes(-1)), new PaymentCredentialUnlocked(CredentialId, Now.AddSeconds(-30)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode))
            .AndCredential(credential => Assert.Single(credential.Failures.Times));
    }

    [Fact]
    public void A_lock_that_has_run_out_has_nothing_to_unlock()
    {
        Given(CodeReady(), Locked(at: Now - Policy.LockFor))
            .When(Unlock())
            .ThenNothing();
    }

    [Fact]
    public void A_credential_that_was_never_locked_has_nothing_to_unlock()
    {
        Given(CodeReady(), FailedAgo(Minutes(1)))
            .When(Unlock())
            .ThenNothing();
    }

    [Fact]
    public void A_revoked_credential_cannot_be_unlocked()
    {
        Given(CodeReady(), Locked(at: Now.AddMinutes(-1)), Revoked(at: Now.AddSeconds(-30)))
            .When(Unlock())
            .ThenRefused(RuleCodes.PaymentCredentialRevoked);
    }

    [Fact]
    public void An_unknown_credential_is_refused()
    {
        Given()
            .When(Unlock())
            .ThenRefused(RuleCodes.NotFound);
    }
}
