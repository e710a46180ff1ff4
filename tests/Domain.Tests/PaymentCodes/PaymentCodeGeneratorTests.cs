using System.Security.Cryptography;
using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>The edges of the generator: step boundaries, code lengths, keys it refuses.</summary>
public class PaymentCodeGeneratorTests
{
    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    [Fact]
    public void A_step_begins_on_a_multiple_of_the_step_length()
    {
        Assert.Equal(0, PaymentCodeGenerator.StepAt(At(29)));
        Assert.Equal(1, PaymentCodeGenerator.StepAt(At(30)));
        Assert.Equal(1, PaymentCodeGenerator.StepAt(At(60).AddTicks(-1)));
        Assert.Equal(2, PaymentCodeGenerator.StepAt(At(60)));
    }

    [Fact]
    public void A_code_matches_its_own_step_and_not_its_neighbours()
    {
        var code = PaymentCodeGenerator.CodeFor(DeviceKey, CurrentStep);

        Assert.True(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep, code));
        Assert.False(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep - 1, code));
        Assert.False(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep + 1, code));
    }

    [Fact]
    public void A_code_with_a_digit_missing_or_added_never_matches()
    {
        var code = PaymentCodeGenerator.CodeFor(DeviceKey, CurrentStep);

        Assert.False(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep, code[..^1]));
        Assert.False(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep, code + "0"));
        Assert.False(PaymentCodeGenerator.Matches(DeviceKey, CurrentStep, ""));
    }

    [Fact]
    public void Another_key_gives_another_code()
    {
        var otherKey = (byte[])DeviceKey.Clone();
        otherKey[^1] ^= 1;

        Assert.NotEqual(PaymentCodeGenerator.CodeFor(DeviceKey, CurrentStep), PaymentCodeGenerator.CodeFor(otherKey, CurrentStep));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_key_that_is_not_256_bits_is_refused(int length)
    {
        Assert.Throws<ArgumentException>(() => PaymentCodeGenerator.CodeFor(new byte[length], CurrentStep));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void Codes_have_six_to_eight_digits(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentCodeGenerator.CodeFor(DeviceKey, CurrentStep, digits));
        Assert.Equal(6, PaymentCodeGenerator.CodeFor(DeviceKey, CurrentStep, 6).Length);
    }

    [Fact]
    public void Times_before_the_Unix_epoch_have_no_step()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentCodeGenerator.StepAt(At(-1)));
    }

    [Fact]
    public void The_HOTP_core_refuses_a_hash_it_was_not_specified_for()
    {
        Assert.Throws<ArgumentException>(() => Hotp.Compute(DeviceKey, 1, 8, HashAlgorithmName.MD5));
    }
}
