using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// From what the phone shows to the decision, with the real key: the device renders a code, the till sends the
/// text, the verifier finds its step with the key the caller unsealed, the decider rules.
/// </summary>
public class PaymentCodeVerifierTests
{
    private static readonly PaymentCredential Ada = PaymentCredentialDecider.Evolve(null, CredentialRegistered())!;

    /// <summary>What Ada's phone shows at <paramref name="at"/>, as the till receives it.</summary>
    private static PaymentCode Shown(DateTimeOffset at) =>
        PaymentCode.Parse(PaymentCode.Of(Credential, PaymentCodeGenerator.CodeAt(DeviceKey, at)).ToString());

    private static PaymentCodeDecision Present(PaymentCode code, DateTimeOffset at) =>
        PaymentCodeDecider.Decide(PaymentCodeVerifier.Attempt(DeviceKey, code, Ada, Policy, PaymentId, TerminalId, Coffee, false, at), Ada, Policy);

    [Fact]
    public void The_code_on_the_phone_now_is_found_at_the_current_step_and_pays()
    {
        Assert.Equal(CurrentStep, PaymentCodeVerifier.FindStep(DeviceKey, Shown(Now), Ada, Policy, Now));
        var decision = Present(Shown(Now), Now);
        Assert.Equal(PaymentCodeAnswer.Accepted, decision.Answer);
        Assert.Equal(CurrentStep, Assert.IsType<PaymentCodeAccepted>(Assert.Single(decision.Events)).Step);
    }

    [Fact]
    public void A_code_scanned_just_before_its_step_ended_still_pays()
    {
        Assert.Equal(PaymentCodeAnswer.Accepted, Present(Shown(Now.AddSeconds(-30)), Now).Answer);
    }

    [Fact]
    public void A_phone_clock_a_minute_behind_or_a_step_ahead_is_told_apart_from_a_guess()
    {
        Assert.Equal(PaymentCodeRejection.OutsideWindow, Present(Shown(Now.AddSeconds(-60)), Now).Reason);
        Assert.Equal(PaymentCodeRejection.OutsideWindow, Present(Shown(Now.AddSeconds(30)), Now).Reason);
    }

    [Fact]
    public void A_code_three_steps_old_is_no_longer_recognised_and_counts_as_a_wrong_code()
    {
        Assert.Null(PaymentCodeVerifier.FindStep(DeviceKey, Shown(Now.AddSeconds(-90)), Ada, Policy, Now));
        Assert.Equal(PaymentCodeRejection.WrongCode, Present(Shown(Now.AddSeconds(-90)), Now).Reason);
    }

    [Fact]
    public void A_guessed_code_is_a_wrong_code()
    {
        var real = Shown(Now).Otp;
        var guess = PaymentCode.Of(Credential, real == "12345678" ? "87654321" : "12345678");

        Assert.IsType<RecordCodeFailure>(PaymentCodeVerifier.Attempt(DeviceKey, guess, Ada, Policy, PaymentId, TerminalId, Coffee, false, Now));
    }

    [Fact]
    public void A_code_with_fewer_digits_than_the_credential_was_registered_with_never_matches()
    {
        var sixDigits = PaymentCode.Of(Credential, PaymentCodeGenerator.CodeAt(DeviceKey, Now, digits: 6));

        Assert.Null(PaymentCodeVerifier.FindStep(DeviceKey, sixDigits, Ada, Policy, Now));
    }

    [Fact]
    public void A_code_is_only_checked_against_the_credential_it_names()
    {
        var other = PaymentCode.Of(new PaymentCredentialId(1), Shown(Now).Otp);

        Assert.Throws<ArgumentException>(() => PaymentCodeVerifier.FindStep(DeviceKey, other, Ada, Policy, Now));
    }
}
