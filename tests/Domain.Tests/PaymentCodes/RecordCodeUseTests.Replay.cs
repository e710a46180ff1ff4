using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// Each step's code works once (RFC 6238 §5.2): the credential remembers the last accepted step and accepts only
/// later ones. A replay counts towards a lock: the code was shown to somebody who is not paying with it.
/// </summary>
public partial class RecordCodeUseTests
{
    private static readonly Guid SecondPayment = Guid.Parse("00000000-0000-0000-0000-0000000000d2");

    [Fact]
    public void The_same_code_for_a_second_payment_is_refused_as_a_replay()
    {
        Given(CodeReady(), Accepted(CurrentStep, at: Now.AddSeconds(-5)))
            .When(Use(CurrentStep, paymentId: SecondPayment))
            .Then(new PaymentCodeRejected(CredentialId, SecondPayment, Support.TestData.TerminalId, PaymentCodeRejection.Replayed,
                CurrentStep, Counted: true, Policy.Version, Now))
            .Answered(PaymentCodeAnswer.Declined)
            .AndCredential(credential => Assert.Single(credential.Failures.Times));
    }

    [Fact]
    public void After_a_used_code_the_next_step_code_is_accepted()
    {
        var nextStep = Now.AddSeconds(30);

        Given(CodeReady(), Accepted(CurrentStep))
            .When(Use(CurrentStep + 1, paymentId: SecondPayment, at: nextStep))
            .Then(Accepted(CurrentStep + 1, paymentId: SecondPayment, at: nextStep));
    }

    [Fact]
    public void A_code_older_than_a_used_one_is_a_replay_though_still_in_the_window()
    {
        Given(CodeReady(), Accepted(CurrentStep))
            .When(Use(CurrentStep - 1, paymentId: SecondPayment))
            .Because(PaymentCodeRejection.Replayed);
    }

    [Fact]
    public void The_retry_of_an_accepted_payment_records_nothing_and_is_accepted_again()
    {
        Given(CodeReady(), Accepted(CurrentStep, at: Now.AddSeconds(-2)))
            .When(Use(CurrentStep))
            .ThenNothing()
            .Answered(PaymentCodeAnswer.Accepted);
    }

    [Fact]
    public void A_replay_that_is_the_last_failure_allowed_locks_the_credential()
    {
        Given(CodeReady(), Accepted(CurrentStep, at: Now.AddSeconds(-5)), FailedAgo(Minutes(0.05)), FailedAgo(Minutes(0.02)))
            .When(Use(CurrentStep, paymentId: SecondPayment))
            .Because(PaymentCodeRejection.Replayed)
            .AndCredential(credential => Assert.True(credential.IsLockedAt(Now)));
    }
}
