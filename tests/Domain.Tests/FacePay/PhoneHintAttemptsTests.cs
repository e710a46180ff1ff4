using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>A phone suffix that failed 5 times at a merchant within 10 minutes no longer narrows a search there.</summary>
public sealed class PhoneHintAttemptsTests
{
    private static readonly FacePayPolicy Default = FacePayPolicy.Default;
    private static readonly Guid Hint = PhoneHintAttempts.IdOf(MerchantId, "5678");

    private static PhoneHintAttempts FailedAgo(params double[] minutesAgo) =>
        minutesAgo.Aggregate((PhoneHintAttempts?)null,
            (a, m) => PhoneHintAttempts.Evolve(a, new PhoneHintFailed(Hint, MerchantId, Guid.NewGuid(), Today.AddMinutes(-m))))!;

    [Fact]
    public void The_stream_of_a_suffix_is_the_same_for_the_same_merchant_and_digits_and_differs_otherwise()
    {
        Assert.Equal(Hint, PhoneHintAttempts.IdOf(MerchantId, "5678"));
        Assert.NotEqual(Hint, PhoneHintAttempts.IdOf(MerchantId, "5679"));
        Assert.NotEqual(Hint, PhoneHintAttempts.IdOf(OtherMerchantId, "5678"));
        Assert.Equal(8, Hint.Version);
    }

    [Fact]
    public void Four_failures_within_the_window_do_not_throttle_and_the_fifth_does()
    {
        Assert.False(PhoneHintAttempts.Throttled(FailedAgo(9, 7, 5, 1), Default, Today));
        Assert.True(PhoneHintAttempts.Throttled(FailedAgo(9, 7, 5, 3, 1), Default, Today));
    }

    [Fact]
    public void Failures_ten_minutes_old_have_left_the_window()
    {
        Assert.False(PhoneHintAttempts.Throttled(FailedAgo(10, 7, 5, 3, 1), Default, Today));
        Assert.False(PhoneHintAttempts.Throttled(null, Default, Today));
    }

    [Fact]
    public void A_throttled_suffix_is_declined_as_needing_the_whole_number_and_counts_against_nobody()
    {
        var throttled = Evidence(FaceOutcome.HintThrottled, CustomerHintKind.PhoneLastFour);

        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(4m), throttled))
            .Then(VerificationFailed(Eur(4m), Ledger.Domain.Payments.DeclineReason.FullPhoneNumberRequired, throttled));
    }
}
