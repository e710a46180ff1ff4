using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// Above the ceiling (the test policy: 20.00) a code alone is not enough: the terminal is told to ask for a face or
/// PIN. That is decided from the amount before the code is looked at, so it reveals nothing about the code or the
/// credential, records nothing, and leaves the code usable for the step-up.
/// </summary>
public class CodeCeilingTests
{
    [Fact]
    public void Exactly_the_ceiling_is_paid_with_the_code_alone()
    {
        Given(CodeReady())
            .When(Use(CurrentStep, Eur(20m)))
            .Then(Accepted(CurrentStep, Eur(20m)));
    }

    [Fact]
    public void One_cent_above_the_ceiling_asks_for_a_face_or_pin_and_records_nothing()
    {
        Given(CodeReady())
            .When(Use(CurrentStep, Eur(20.01m)))
            .ThenNothing()
            .Answered(PaymentCodeAnswer.StepUpRequired)
            .Because(PaymentCodeRejection.CodeCeilingExceeded);
    }

    [Fact]
    public void The_stable_code_of_the_ceiling_refusal_is_code_ceiling_exceeded()
    {
        Assert.Equal("code_ceiling_exceeded", PaymentCodeRejection.CodeCeilingExceeded.Code());
    }

    [Fact]
    public void With_a_passed_step_up_the_same_code_pays_above_the_ceiling()
    {
        Given(CodeReady())
            .When(Use(CurrentStep, Eur(80m), stepUp: true))
            .Then(Accepted(CurrentStep, Eur(80m)));
    }

    [Fact]
    public void A_wrong_code_above_the_ceiling_asks_for_the_step_up_like_a_right_one()
    {
        Given(CodeReady())
            .When(Failure(Eur(80m)))
            .ThenNothing()
            .Answered(PaymentCodeAnswer.StepUpRequired);
    }

    [Fact]
    public void Above_the_ceiling_a_locked_or_unknown_credential_gets_the_same_step_up_answer()
    {
        Given(CodeReady(), Locked(at: Now.AddMinutes(-1))).When(Use(CurrentStep, Eur(80m))).Answered(PaymentCodeAnswer.StepUpRequired);
        Given().When(Failure(Eur(80m), credentialId: new PaymentCredentialId(999).StreamId)).Answered(PaymentCodeAnswer.StepUpRequired);
    }

    [Fact]
    public void A_step_up_with_a_wrong_code_is_still_a_wrong_code()
    {
        Given(CodeReady())
            .When(Failure(Eur(80m), stepUp: true))
            .Then(Rejected(PaymentCodeRejection.WrongCode))
            .Answered(PaymentCodeAnswer.Declined);
    }
}
