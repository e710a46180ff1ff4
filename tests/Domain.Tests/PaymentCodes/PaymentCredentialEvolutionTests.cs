using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>What each stored event means to the credential's state.</summary>
public class PaymentCredentialEvolutionTests
{
    private static PaymentCredential? Fold(params object[] events) => events.Aggregate((PaymentCredential?)null, PaymentCredentialDecider.Evolve);

    [Fact]
    public void Events_before_the_registration_leave_no_credential()
    {
        Assert.Null(Fold(Accepted(CurrentStep)));
    }

    [Fact]
    public void A_registration_keeps_the_code_shape_the_device_was_given()
    {
        var credential = Fold(new PaymentCredentialRegistered(CredentialId, Support.TestData.WalletId, 6, 60, "v0", Now))!;

        Assert.Equal((6, 60), (credential.Digits, credential.StepSeconds));
        Assert.Equal(PaymentCodeGenerator.StepAt(Now, 60), credential.StepAt(Now));
    }

    [Fact]
    public void An_accepted_code_remembers_its_step_and_payment()
    {
        var credential = Fold(CredentialRegistered(), FailedAgo(Minutes(1)), Accepted(CurrentStep))!;

        Assert.Equal((CurrentStep, Support.TestData.PaymentId), (credential.LastAcceptedStep, credential.LastAcceptedPayment));
        Assert.True(credential.Failures.IsEmpty);
    }

    [Fact]
    public void A_rejection_recorded_as_not_counted_stays_uncounted()
    {
        var credential = Fold(CredentialRegistered(), Rejected(PaymentCodeRejection.OutsideWindow, CurrentStep - 2))!;

        Assert.True(credential.Failures.IsEmpty);
    }

    [Fact]
    public void A_lock_keeps_the_end_it_was_given_whatever_the_policy_says_later()
    {
        var credential = Fold(CredentialRegistered(), Locked(at: Now))!;

        Assert.Equal(Now + TimeSpan.FromMinutes(15), credential.LockedUntil);
        Assert.True(credential.IsLockedAt(Now.AddMinutes(15).AddTicks(-1)));
        Assert.False(credential.IsLockedAt(Now.AddMinutes(15)));
    }
}
