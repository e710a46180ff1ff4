using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// The step-up thresholds of the verification policy: a PIN above an amount, and another face in the frame
/// that is too close to let the payment through.
/// </summary>
public class FacePayPolicyTests
{
    [Fact]
    public void Exactly_the_pin_amount_needs_no_pin_and_one_cent_more_does()
    {
        Assert.False(Policy.RequiresPin(Eur(20m)));
        Assert.True(Policy.RequiresPin(Eur(20.01m)));
        Assert.False(Policy.RequiresPin(EurMinor(1)));
    }

    [Fact]
    public void In_a_currency_without_minor_units_one_yen_more_needs_a_pin()
    {
        var yenPolicy = Policy with { PinAbove = 5000m };

        Assert.False(yenPolicy.RequiresPin(Jpy(5000m)));
        Assert.True(yenPolicy.RequiresPin(Jpy(5001m)));
    }

    [Fact]
    public void The_default_policy_asks_a_pin_above_fifty()
    {
        Assert.False(FacePayPolicy.Default.RequiresPin(Eur(50m)));
        Assert.True(FacePayPolicy.Default.RequiresPin(Eur(50.01m)));
    }

    [Fact]
    public void A_second_face_at_the_ratio_of_the_verified_width_is_too_close()
    {
        Assert.True(Policy.AnotherFaceTooClose(200f, [100f]));
        Assert.False(Policy.AnotherFaceTooClose(200f, [MathF.BitDecrement(100f)]));
    }

    [Fact]
    public void One_close_face_among_distant_ones_is_enough_to_decline()
    {
        Assert.True(Policy.AnotherFaceTooClose(200f, [20f, 30f, 150f]));
        Assert.False(Policy.AnotherFaceTooClose(200f, [20f, 30f]));
        Assert.False(Policy.AnotherFaceTooClose(200f, []));
    }

    [Fact]
    public void The_default_and_test_policies_are_valid()
    {
        FacePayPolicy.Default.EnsureValid();
        Policy.EnsureValid();
    }

    public static TheoryData<FacePayPolicy> InvalidPolicies => new()
    {
        Policy with { Version = " " },
        Policy with { PinAbove = -0.01m },
        Policy with { LockAfterFailures = 0 },
        Policy with { FailureWindow = TimeSpan.Zero },
        Policy with { SecondFaceRatio = 0f },
        Policy with { SecondFaceRatio = 1.01f },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void A_policy_that_could_never_protect_anyone_is_rejected(FacePayPolicy policy)
    {
        Assert.Throws<ArgumentException>(policy.EnsureValid);
    }
}
