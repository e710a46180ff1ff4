using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>A code that belongs to none of the credential's steps: a guess, or a code of another key.</summary>
public partial class RecordCodeFailureTests
{
    [Fact]
    public void A_wrong_code_is_recorded_and_counted()
    {
        Given(CodeReady())
            .When(Failure())
            .Then(Rejected(PaymentCodeRejection.WrongCode))
            .Answered(PaymentCodeAnswer.Declined)
            .Because(PaymentCodeRejection.WrongCode)
            .AndCredential(credential => Assert.Equal([Now], credential.Failures.Times));
    }

    [Fact]
    public void A_code_for_an_unknown_credential_is_declined_and_nothing_is_recorded()
    {
        Given()
            .When(Failure(credentialId: new PaymentCredentialId(999).StreamId))
            .ThenNothing()
            .Answered(PaymentCodeAnswer.Declined)
            .Because(PaymentCodeRejection.UnknownCredential);
    }

    [Fact]
    public void An_accepted_code_ends_the_streak_of_failures()
    {
        Given(CodeReady(), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)))
            .When(Use(CurrentStep))
            .Then(Accepted(CurrentStep))
            .AndCredential(credential => Assert.True(credential.Failures.IsEmpty));
    }

    [Fact]
    public void A_code_outside_the_window_does_not_bring_a_lock_closer()
    {
        Given(CodeReady(), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)))
            .When(Use(CurrentStep - 2))
            .Then(Rejected(PaymentCodeRejection.OutsideWindow, CurrentStep - 2))
            .AndCredential(credential => Assert.False(credential.IsLockedAt(Now)));
    }

    [Fact]
    public void A_slow_trickle_of_failures_keeps_only_the_most_recent_ones()
    {
        var trickle = Enumerable.Range(1, CodeFailures.Kept + 5).Reverse().Select(hours => FailedAgo(TimeSpan.FromHours(hours)));

        Given(CodeReady(), trickle)
            .When(Failure())
            .AndCredential(credential =>
            {
                Assert.Equal(CodeFailures.Kept, credential.Failures.Times.Count);
                Assert.Equal(Now, credential.Failures.Times[^1]);
            });
    }
}
