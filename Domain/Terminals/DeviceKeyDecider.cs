using Ledger.Domain.Capture;

namespace Ledger.Domain.Terminals;

/// <summary>Registering a terminal's device key: the terminal's events and the challenge it used up, one commit.</summary>
public static class DeviceKeyDecider
{
    public const string Downgrade = "device_assurance_downgrade";

    /// <exception cref="DomainRuleViolation">
    /// not_found, terminal_not_active, the challenge's refusals, already_exists (the key is the current one: its counter must
    /// not start again), or device_assurance_downgrade (a hardware-attested key is replaced only by another one).
    /// </exception>
    public static (DeviceKeyRegistered Registered, TerminalChallengeUsed Used) Register(RegisterDeviceKey command, Terminal? terminal,
        TerminalChallenge? challenge)
    {
        if (terminal is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Terminal {command.TerminalId} does not exist.");
        if (terminal.Status != TerminalStatus.Active)
            throw new DomainRuleViolation(RuleCodes.TerminalNotActive, "The terminal is suspended.");
        var keyId = DeviceKey.IdOf(command.PublicKey);
        var used = TerminalChallengeDecider.Use(challenge, command.TerminalId, ChallengePurpose.DeviceKey, null, keyId, command.Now);
        if (terminal.DeviceKey is { } current)
        {
            if (current.Id == keyId)
                throw new DomainRuleViolation(RuleCodes.AlreadyExists, "This key is already the terminal's device key.");
            if (current.Assurance == DeviceAssurance.HardwareAttested && command.Assurance != DeviceAssurance.HardwareAttested)
                throw new DomainRuleViolation(Downgrade,
                    "The terminal's device key is hardware-attested: it is replaced only by another attested key (an operator can reset it).");
        }
        return (new DeviceKeyRegistered(command.TerminalId, keyId, command.Algorithm, command.PublicKey, command.Assurance,
            command.AttestationRootSha256, terminal.DeviceKey?.Id, used.ChallengeId, command.Now), used);
    }
}
