namespace Ledger.Domain.Terminals;

public abstract record TerminalCommand(Guid TerminalId, DateTimeOffset Now);

public sealed record RegisterTerminal(Guid TerminalId, Guid MerchantId, string Label, GeoPoint? Location, DateTimeOffset Now)
    : TerminalCommand(TerminalId, Now);

public sealed record SuspendTerminal(Guid TerminalId, string Reason, DateTimeOffset Now) : TerminalCommand(TerminalId, Now);

public sealed record ReactivateTerminal(Guid TerminalId, DateTimeOffset Now) : TerminalCommand(TerminalId, Now);
