using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>Revocation is final: every later code is refused, recorded, and not counted (there is nothing left to lock).</summary>
public class RevokePaymentCredentialTests
{
    private static RevokePaymentCredential Revoke() => new(CredentialId, "phone lost", Now);

    [Fact]
    public void An_operator_revokes_a_credential_with_the_reason()
    {
        Given(CodeReady())
            .When(Revoke())
            .Then(new PaymentCredentialRevoked(CredentialId, "phone lost", Now))
            .AndCredential(credential => Assert.Equal(PaymentCredentialStatus.Revoked, credential.Status));
    }

    [Fact]
    public void Revoking_twice_records_the_revocation_once()
    {
        Given(CodeReady(), Revoked())
            .When(Revoke())
            .ThenNothing();
    }

    [Fact]
    public void A_locked_credential_can_be_revoked()
    {
        Given(CodeReady(), Locked(at: Now.AddMinutes(-1)))
            .When(Revoke())
            .Then(new PaymentCredentialRevoked(CredentialId, "phone lost", Now));
    }

    [Fact]
    public void A_revoked_credential_refuses_its_right_code()
    {
        Given(CodeReady(), Revoked())
            .When(Use(CurrentStep))
            .Then(Rejected(PaymentCodeRejection.CredentialRevoked, CurrentStep))
            .Answered(PaymentCodeAnswer.Declined)
            .AndCredential(credential => Assert.Null(credential.LastAcceptedStep));
    }

    [Fact]
    public void Wrong_codes_against_a_revoked_credential_never_lock_it()
    {
        Given(CodeReady(), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), Revoked(at: Now.AddSeconds(-30)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.CredentialRevoked));
    }

    [Fact]
    public void An_unknown_credential_is_refused()
    {
        Given()
            .When(Revoke())
            .ThenRefused(RuleCodes.NotFound);
    }
}
