using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Capture.CaptureTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>Registering a device key: a fresh challenge, no restart of the current key's counter, no downgrade.</summary>
public sealed class DeviceKeyDeciderTests
{
    private static RegisterDeviceKey Register(DeviceAssurance assurance = DeviceAssurance.HardwareAttested, byte[]? spki = null) =>
        new(TerminalId, DeviceKeyAlgorithm.ES256, spki ?? Spki, assurance, assurance == DeviceAssurance.HardwareAttested ? new string('r', 64) : null,
            Nonce, Today.AddSeconds(10));

    [Fact]
    public void A_first_key_is_registered_with_its_assurance_and_uses_up_the_challenge()
    {
        var (registered, used) = DeviceKeyDecider.Register(Register(), Till(), Challenge(ChallengePurpose.DeviceKey));

        Assert.Equal(KeyId, registered.DeviceKeyId);
        Assert.Null(registered.ReplacesDeviceKeyId);
        Assert.Equal(KeyId, used.UsedBy);
        var key = TerminalDecider.Evolve(Till(), registered)!.DeviceKey!;
        Assert.Equal((KeyId, DeviceAssurance.HardwareAttested, 0L), (key.Id, key.Assurance, key.LastCounter));
    }

    [Fact]
    public void A_capture_challenge_does_not_register_a_key()
    {
        Assert.Equal(CaptureRuleCodes.ChallengeUnknown,
            Assert.Throws<DomainRuleViolation>(() => DeviceKeyDecider.Register(Register(), Till(), Challenge())).Code);
    }

    [Fact]
    public void The_current_key_again_is_refused_so_its_counter_never_starts_over()
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() =>
            DeviceKeyDecider.Register(Register(), Till(Key(lastCounter: 41)), Challenge(ChallengePurpose.DeviceKey)));
        Assert.Equal(RuleCodes.AlreadyExists, refusal.Code);
    }

    [Fact]
    public void An_attested_key_is_replaced_by_another_attested_key_but_not_by_a_registered_one()
    {
        var attested = Till(Key());
        Assert.Equal(DeviceKeyDecider.Downgrade, Assert.Throws<DomainRuleViolation>(() =>
            DeviceKeyDecider.Register(Register(DeviceAssurance.Registered, OtherSpki), attested, Challenge(ChallengePurpose.DeviceKey))).Code);

        var (replaced, _) = DeviceKeyDecider.Register(Register(spki: OtherSpki), attested, Challenge(ChallengePurpose.DeviceKey));
        Assert.Equal(KeyId, replaced.ReplacesDeviceKeyId);
    }

    [Fact]
    public void A_registered_key_may_be_replaced_by_either()
    {
        var registered = Till(Key(DeviceAssurance.Registered));
        DeviceKeyDecider.Register(Register(DeviceAssurance.Registered, OtherSpki), registered, Challenge(ChallengePurpose.DeviceKey));
        DeviceKeyDecider.Register(Register(spki: OtherSpki), registered, Challenge(ChallengePurpose.DeviceKey));
    }

    [Fact]
    public void A_suspended_terminal_registers_no_key()
    {
        Assert.Equal(RuleCodes.TerminalNotActive, Assert.Throws<DomainRuleViolation>(() =>
            DeviceKeyDecider.Register(Register(), Till() with { Status = TerminalStatus.Suspended }, Challenge(ChallengePurpose.DeviceKey))).Code);
    }

    [Fact]
    public void A_counter_of_a_replaced_key_does_not_move_the_current_one()
    {
        var terminal = Till(Key(lastCounter: 7));
        Assert.Equal(7, TerminalDecider.Evolve(terminal, new CaptureCounterAdvanced(TerminalId, "dk_old", 99, Guid.NewGuid(), Today))!.DeviceKey!.LastCounter);
        Assert.Equal(8, TerminalDecider.Evolve(terminal, new CaptureCounterAdvanced(TerminalId, KeyId, 8, Guid.NewGuid(), Today))!.DeviceKey!.LastCounter);
    }
}
