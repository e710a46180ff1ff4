namespace Ledger.Domain.Terminals;

public enum TerminalStatus
{
    Active,
    Suspended,
}

/// <summary>A self-service till or kiosk, registered to exactly one merchant.</summary>
public sealed record Terminal(Guid Id, Guid MerchantId, string Label, GeoPoint? Location, TerminalStatus Status, DateTimeOffset RegisteredAt);
