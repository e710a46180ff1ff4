using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// N consecutive counted failures within the window lock the credential for a cool-down (the test policy: 3 within
/// 10 minutes lock for 15). The window is the 10 minutes that end at the attempt: a failure exactly 10 minutes old
/// has left it. The lock ends at the instant it names, by itself.
/// </summary>
public partial class RecordCodeFailureTests
{
    [Fact]
    public void One_failure_short_of_the_limit_does_not_lock()
    {
        Given(CodeReady(), FailedAgo(Minutes(5)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode))
            .AndCredential(credential => Assert.False(credential.IsLockedAt(Now)));
    }

    [Fact]
    public void The_failure_that_reaches_the_limit_locks_for_the_cool_down()
    {
        Given(CodeReady(), FailedAgo(Minutes(5)), FailedAgo(Minutes(1)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode), Locked(failures: 3))
            .Answered(PaymentCodeAnswer.Declined)
            .AndCredential(credential =>
            {
                Assert.Equal(Now + Policy.LockFor, credential.LockedUntil);
                Assert.True(credential.Failures.IsEmpty);
            });
    }

    [Fact]
    public void A_failure_exactly_one_window_old_has_left_the_window()
    {
        Given(CodeReady(), FailedAgo(Policy.FailureWindow), FailedAgo(Minutes(1)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode));
    }

    [Fact]
    public void A_failure_a_moment_inside_the_window_still_counts()
    {
        Given(CodeReady(), FailedAgo(Policy.FailureWindow - TimeSpan.FromTicks(1)), FailedAgo(Minutes(1)))
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode), Locked(failures: 3));
    }

    [Fact]
    public void A_locked_credential_refuses_even_the_right_code_without_counting_it()
    {
        Given(CodeReady(), Locked(at: Now.AddMinutes(-1)))
            .When(Use(CurrentStep))
            .Then(Rejected(PaymentCodeRejection.CredentialLocked, CurrentStep))
            .Answered(PaymentCodeAnswer.Declined)
            .AndCredential(credential => Assert.True(credential.Failures.IsEmpty));
    }

    [Fact]
    public void A_moment_before_the_lock_ends_the_credential_is_still_locked()
    {
        var lockedAt = Now - Policy.LockFor + TimeSpan.FromTicks(1);

        Given(CodeReady(), Locked(at: lockedAt))
            .When(Use(CurrentStep))
            .Because(PaymentCodeRejection.CredentialLocked);
    }

    [Fact]
    public void At_exactly_the_end_of_the_lock_the_code_is_accepted()
    {
        Given(CodeReady(), Locked(at: Now - Policy.LockFor))
            .When(Use(CurrentStep))
            .Then(Accepted(CurrentStep))
            .AndCredential(credential => Assert.Null(credential.LockedUntil));
    }

    [Fact]
    public void Three_guesses_in_a_row_lock_out_the_customer_herself_until_the_cool_down_ends()
    {
        var credential = PaymentCredentialDecider.Evolve(null, CredentialRegistered());
        for (var guess = 0; guess < Policy.LockAfterFailures; guess++)
            foreach (var e in PaymentCodeDecider.Decide(Failure(at: Now.AddSeconds(guess)), credential, Policy).Events)
                credential = PaymentCredentialDecider.Evolve(credential, e);

        var during = Now.AddSeconds(Policy.LockAfterFailures);
        var after = Now.AddSeconds(Policy.LockAfterFailures - 1) + Policy.LockFor;
        Assert.Equal(PaymentCodeAnswer.Declined, PaymentCodeDecider.Decide(
            Use(PaymentCodeGenerator.StepAt(during), at: during), credential, Policy).Answer);
        Assert.Equal(PaymentCodeAnswer.Accepted, PaymentCodeDecider.Decide(
            Use(PaymentCodeGenerator.StepAt(after), at: after), credential, Policy).Answer);
    }
}
