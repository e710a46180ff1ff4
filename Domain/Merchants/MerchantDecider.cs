namespace Ledger.Domain.Merchants;

public static class MerchantDecider
{
    public static IReadOnlyList<IMerchantEvent> Decide(MerchantCommand command, Merchant? merchant) => (command, merchant) switch
    {
        (OnboardMerchant c, null) =>
            [new MerchantOnboarded(c.MerchantId, c.Name, c.SettlementCurrency, c.SettlementAccount, c.Now)],
        (OnboardMerchant c, _) => throw new DomainRuleViolation(RuleCodes.AlreadyExists, $"Merchant {c.MerchantId} already exists."),
        (_, null) => throw new DomainRuleViolation(RuleCodes.NotFound, $"Merchant {command.MerchantId} does not exist."),
        (SuspendMerchant c, _) => merchant.Status == MerchantStatus.Suspended ? [] : [new MerchantSuspended(c.MerchantId, c.Reason, c.Now)],
        (ReinstateMerchant c, _) => merchant.Status == MerchantStatus.Active ? [] : [new MerchantReinstated(c.MerchantId, c.Now)],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown merchant command."),
    };

    public static Merchant? Evolve(Merchant? merchant, object @event) => (merchant, @event) switch
    {
        (null, MerchantOnboarded e) => new Merchant(e.MerchantId, e.Name, e.SettlementCurrency, e.SettlementAccount,
            MerchantStatus.Active, e.OnboardedAt),
        (null, _) => null,
        (_, MerchantSuspended) => merchant with { Status = MerchantStatus.Suspended },
        (_, MerchantReinstated) => merchant with { Status = MerchantStatus.Active },
        _ => merchant,
    };
}
