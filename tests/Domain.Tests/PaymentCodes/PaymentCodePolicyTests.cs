using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests.PaymentCodes;

public class PaymentCodePolicyTests
{
    [Fact]
    public void The_default_policy_takes_8_digits_every_30_seconds_and_a_code_alone_up_to_fifty()
    {
        var policy = PaymentCodePolicy.Default;

        Assert.Equal((8, 30, 1, 5), (policy.Digits, policy.StepSeconds, policy.AcceptPreviousSteps, policy.LockAfterFailures));
        Assert.False(policy.ExceedsCeiling(Eur(50m)));
        Assert.True(policy.ExceedsCeiling(Eur(50.01m)));
    }

    [Fact]
    public void Exactly_the_ceiling_is_not_above_it_and_one_cent_more_is()
    {
        Assert.False(Policy.ExceedsCeiling(Eur(20m)));
        Assert.True(Policy.ExceedsCeiling(Eur(20.01m)));
    }

    [Fact]
    public void In_a_currency_without_minor_units_one_yen_more_is_above_the_ceiling()
    {
        var yen = Policy with { CeilingAbove = 5000m };

        Assert.False(yen.ExceedsCeiling(Jpy(5000m)));
        Assert.True(yen.ExceedsCeiling(Jpy(5001m)));
    }

    [Fact]
    public void The_default_and_test_policies_are_valid()
    {
        PaymentCodePolicy.Default.EnsureValid();
        Policy.EnsureValid();
    }

    public static TheoryData<PaymentCodePolicy> InvalidPolicies => new()
    {
        Policy with { Version = "" },
        Policy with { Digits = 5 },
        Policy with { Digits = 9 },
        Policy with { StepSeconds = 9 },
        Policy with { StepSeconds = 301 },
        Policy with { AcceptPreviousSteps = -1 },
        Policy with { AcceptPreviousSteps = 3 },
        Policy with { LockAfterFailures = 0 },
        Policy with { LockAfterFailures = CodeFailures.Kept + 1 },
        Policy with { FailureWindow = TimeSpan.Zero },
        Policy with { LockFor = TimeSpan.Zero },
        Policy with { CeilingAbove = -0.01m },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void A_policy_that_would_not_bound_guessing_or_could_not_be_computed_is_rejected(PaymentCodePolicy policy)
    {
        Assert.Throws<ArgumentException>(policy.EnsureValid);
    }
}
