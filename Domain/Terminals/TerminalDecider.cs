using Ledger.Domain.FacePay;
using Ledger.Domain.Merchants;

namespace Ledger.Domain.Terminals;

public static class TerminalDecider
{
    /// <param name="merchant">The merchant a new terminal is registered to (read, not changed).</param>
    public static IReadOnlyList<ITerminalEvent> Decide(TerminalCommand command, Terminal? terminal, Merchant? merchant = null) =>
        (command, terminal) switch
        {
            (RegisterTerminal c, null) => Register(c, merchant),
            (RegisterTerminal c, _) => throw new DomainRuleViolation(RuleCodes.AlreadyExists, $"Terminal {c.TerminalId} already exists."),
            (_, null) => throw new DomainRuleViolation(RuleCodes.NotFound, $"Terminal {command.TerminalId} does not exist."),
            (SuspendTerminal c, _) => terminal.Status == TerminalStatus.Suspended ? [] : [new TerminalSuspended(c.TerminalId, c.Reason, c.Now)],
            (ReactivateTerminal c, _) => terminal.Status == TerminalStatus.Active ? [] : [new TerminalReactivated(c.TerminalId, c.Now)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown terminal command."),
        };

    private static IReadOnlyList<ITerminalEvent> Register(RegisterTerminal command, Merchant? merchant)
    {
        if (merchant is null || merchant.Id != command.MerchantId)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Merchant {command.MerchantId} does not exist.");
        if (merchant.Status != MerchantStatus.Active)
            throw new DomainRuleViolation(RuleCodes.MerchantNotActive, "Terminals can only be registered to an active merchant.");
        command.Location?.EnsureValid();
        return [new TerminalRegistered(command.TerminalId, command.MerchantId, command.Label, command.Location, command.Now)];
    }

    public static Terminal? Evolve(Terminal? terminal, object @event) => (terminal, @event) switch
    {
        (null, TerminalRegistered e) => new Terminal(e.TerminalId, e.MerchantId, e.Label, e.Location, TerminalStatus.Active, e.RegisteredAt),
        (null, _) => null,
        (_, TerminalSuspended e) => terminal with { Status = TerminalStatus.Suspended, SuspensionReason = e.Reason },
        (_, TerminalReactivated) => terminal with { Status = TerminalStatus.Active, SuspensionReason = null, FailedAttempts = null },
        (_, TerminalAttemptFailed e) => terminal with { FailedAttempts = terminal.Failures.AfterKeepingLast(e.FailedAt) },
        (_, DeviceKeyRegistered e) => terminal with { DeviceKey = new DeviceKey(e.DeviceKeyId, e.Algorithm, e.PublicKey, e.Assurance, 0) },
        (_, CaptureCounterAdvanced e) when terminal.DeviceKey is { } key && key.Id == e.DeviceKeyId =>
            terminal with { DeviceKey = key with { LastCounter = Math.Max(key.LastCounter, e.Counter) } },
        _ => terminal,
    };
}
