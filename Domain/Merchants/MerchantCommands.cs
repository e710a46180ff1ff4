namespace Ledger.Domain.Merchants;

public abstract record MerchantCommand(Guid MerchantId, DateTimeOffset Now);

public sealed record OnboardMerchant(
    Guid MerchantId, string Name, Currency SettlementCurrency, string SettlementAccount, DateTimeOffset Now)
    : MerchantCommand(MerchantId, Now);

public sealed record SuspendMerchant(Guid MerchantId, string Reason, DateTimeOffset Now) : MerchantCommand(MerchantId, Now);

public sealed record ReinstateMerchant(Guid MerchantId, DateTimeOffset Now) : MerchantCommand(MerchantId, Now);
