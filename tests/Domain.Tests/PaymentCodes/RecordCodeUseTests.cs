using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// The window: the current step's code and the previous step's (scanned as it changed, or a device clock a little
/// behind); two steps back and one ahead are refused as outside_window, without counting towards a lock.
/// </summary>
public partial class RecordCodeUseTests
{
    [Fact]
    public void The_current_code_identifies_the_customer()
    {
        Given(CodeReady())
            .When(Use(CurrentStep))
            .Then(Accepted(CurrentStep))
            .Answered(PaymentCodeAnswer.Accepted)
            .Because(null)
            .AndCredential(credential => Assert.Equal(CurrentStep, credential.LastAcceptedStep));
    }

    [Fact]
    public void The_accepted_decision_names_the_wallet_for_the_ledger_only()
    {
        var decision = Given(CodeReady()).When(Use(CurrentStep)).Decision;

        Assert.Equal(WalletId, decision.WalletId);
    }

    [Fact]
    public void The_previous_step_code_is_still_accepted()
    {
        Given(CodeReady())
            .When(Use(CurrentStep - 1))
            .Then(Accepted(CurrentStep - 1));
    }

    [Fact]
    public void A_code_two_steps_back_is_outside_the_window()
    {
        Given(CodeReady())
            .When(Use(CurrentStep - 2))
            .Then(Rejected(PaymentCodeRejection.OutsideWindow, CurrentStep - 2))
            .Answered(PaymentCodeAnswer.Declined)
            .AndCredential(credential => Assert.True(credential.Failures.IsEmpty));
    }

    [Fact]
    public void A_code_one_step_ahead_is_outside_the_window()
    {
        Given(CodeReady())
            .When(Use(CurrentStep + 1))
            .Then(Rejected(PaymentCodeRejection.OutsideWindow, CurrentStep + 1))
            .Answered(PaymentCodeAnswer.Declined);
    }

    [Fact]
    public void At_the_first_instant_of_a_step_the_previous_step_is_accepted_and_the_one_before_is_not()
    {
        var stepStart = DateTimeOffset.FromUnixTimeSeconds(CurrentStep * 30);

        Given(CodeReady()).When(Use(CurrentStep - 1, at: stepStart)).Then(Accepted(CurrentStep - 1, at: stepStart));
        Given(CodeReady()).When(Use(CurrentStep - 2, at: stepStart)).Because(PaymentCodeRejection.OutsideWindow);
    }

    [Fact]
    public void At_the_last_instant_of_a_step_the_next_step_is_still_ahead()
    {
        var stepEnd = DateTimeOffset.FromUnixTimeSeconds((CurrentStep + 1) * 30).AddTicks(-1);

        Given(CodeReady()).When(Use(CurrentStep + 1, at: stepEnd)).Because(PaymentCodeRejection.OutsideWindow);
        Given(CodeReady()).When(Use(CurrentStep + 1, at: stepEnd.AddTicks(1))).Because(null);
    }

    [Fact]
    public void Without_previous_steps_in_the_policy_only_the_current_code_is_accepted()
    {
        var strict = Policy with { AcceptPreviousSteps = 0 };
        var credential = PaymentCredentialDecider.Evolve(null, CredentialRegistered())!;

        Assert.Null(PaymentCodeDecider.Decide(Use(CurrentStep), credential, strict).Reason);
        Assert.Equal(PaymentCodeRejection.OutsideWindow, PaymentCodeDecider.Decide(Use(CurrentStep - 1), credential, strict).Reason);
    }
}
