using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Capture.CaptureTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>When a capture challenge asks for a head movement: always, above an amount, for registered keys, after failures.</summary>
public sealed class LiveChallengePolicyTests
{
    private static readonly Terminal Attested = Till(Key());
    private static readonly LiveChallengePolicy Off = LiveChallengePolicy.Off;

    [Fact]
    public void Off_asks_nobody_even_a_terminal_with_only_a_registered_key_and_many_failures()
    {
        var risky = Till(Key(DeviceAssurance.Registered)) with { FailedAttempts = new FailureStreak([Today, Today, Today]) };
        Assert.True(Off.IsOff);
        Assert.False(Off.Requires(Eur(10_000m), risky, Today));
    }

    [Fact]
    public void Always_asks_every_capture()
    {
        Assert.True((Off with { Always = true }).Requires(Eur(0.01m), Attested, Today));
    }

    [Fact]
    public void Above_an_amount_asks_from_one_cent_above_it_not_at_it()
    {
        var policy = Off with { Above = 20m };
        Assert.False(policy.Requires(Eur(20.00m), Attested, Today));
        Assert.True(policy.Requires(Eur(20.01m), Attested, Today));
    }

    [Fact]
    public void Registered_keys_asks_terminals_whose_key_is_not_hardware_attested_and_those_with_none()
    {
        var policy = Off with { RegisteredKeys = true };
        Assert.False(policy.Requires(Eur(1m), Attested, Today));
        Assert.True(policy.Requires(Eur(1m), Till(Key(DeviceAssurance.Registered)), Today));
        Assert.True(policy.Requires(Eur(1m), Till(), Today));
    }

    [Fact]
    public void After_failures_counts_only_those_inside_the_window()
    {
        var policy = Off with { AfterFailures = 2, FailureWindow = TimeSpan.FromMinutes(10) };
        var one = Attested with { FailedAttempts = new FailureStreak([Today.AddMinutes(-11), Today.AddMinutes(-1)]) };
        var two = Attested with { FailedAttempts = new FailureStreak([Today.AddMinutes(-9), Today.AddMinutes(-1)]) };
        Assert.False(policy.Requires(Eur(1m), one, Today));
        Assert.True(policy.Requires(Eur(1m), two, Today));
    }

    [Theory]
    [InlineData(2, null, null)]
    [InlineData(6, null, null)]
    [InlineData(3, -1.0, null)]
    [InlineData(3, null, 0)]
    public void A_policy_no_terminal_could_answer_is_refused_at_start_up(int frames, double? above, int? failures)
    {
        var policy = Off with { Frames = frames, Above = (decimal?)above, AfterFailures = failures };
        Assert.Throws<InvalidOperationException>(policy.EnsureValid);
    }

    [Fact]
    public void Three_to_five_frames_are_valid()
    {
        (Off with { Frames = 3 }).EnsureValid();
        (Off with { Frames = 5, Above = 0m, AfterFailures = 1 }).EnsureValid();
    }
}
