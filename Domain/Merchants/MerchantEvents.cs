namespace Ledger.Domain.Merchants;

public interface IMerchantEvent
{
    Guid MerchantId { get; }
}

public sealed record MerchantOnboarded(
    Guid MerchantId, string Name, Currency SettlementCurrency, string SettlementAccount, DateTimeOffset OnboardedAt) : IMerchantEvent;

public sealed record MerchantSuspended(Guid MerchantId, string Reason, DateTimeOffset SuspendedAt) : IMerchantEvent;

public sealed record MerchantReinstated(Guid MerchantId, DateTimeOffset ReinstatedAt) : IMerchantEvent;
