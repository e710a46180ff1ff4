namespace Ledger.Domain.Terminals;

public interface ITerminalEvent
{
    Guid TerminalId { get; }
}

public sealed record TerminalRegistered(
    Guid TerminalId, Guid MerchantId, string Label, GeoPoint? Location, DateTimeOffset RegisteredAt) : ITerminalEvent;

public sealed record TerminalSuspended(Guid TerminalId, string Reason, DateTimeOffset SuspendedAt) : ITerminalEvent;

public sealed record TerminalReactivated(Guid TerminalId, DateTimeOffset ReactivatedAt) : ITerminalEvent;
