namespace Ledger.Domain.Merchants;

public enum MerchantStatus
{
    Active,
    Suspended,
}

/// <summary>A merchant and the settlement account that payments are credited to.</summary>
public sealed record Merchant(
    Guid Id, string Name, Currency SettlementCurrency, string SettlementAccount, MerchantStatus Status, DateTimeOffset OnboardedAt);
