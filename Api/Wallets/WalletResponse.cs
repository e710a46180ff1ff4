using Ledger.Api.Http;
using Ledger.Domain.Wallets;

namespace Ledger.Api.Wallets;

public sealed record LimitsResponse(MoneyResponse PerPayment, MoneyResponse DailyAmount, int DailyCount);

public sealed record UsageResponse(DateOnly Day, MoneyResponse Amount, int Count);

public sealed record WalletResponse(
    Guid WalletId, string CustomerName, string PhoneNumber, string Status, MoneyResponse Balance, LimitsResponse Limits,
    UsageResponse UsedToday, bool FacePayEnabled, string? ConsentPolicyVersion, DateTimeOffset OpenedAt)
{
    public static WalletResponse From(Wallet w, DateTimeOffset now)
    {
        var today = w.UsedToday.On(now);
        return new WalletResponse(w.Id, w.CustomerName, w.PhoneNumber, w.Status.ToString().ToLowerInvariant(),
            MoneyResponse.From(w.Balance),
            new LimitsResponse(MoneyResponse.From(w.Limits.PerPayment), MoneyResponse.From(w.Limits.DailyAmount), w.Limits.DailyCount),
            new UsageResponse(today.Day, MoneyResponse.From(new Domain.Money(today.AmountMinor, w.Currency)), today.Count),
            w.FacePayEnabled, w.ConsentPolicyVersion, w.OpenedAt);
    }
}
