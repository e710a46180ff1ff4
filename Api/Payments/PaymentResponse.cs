using Ledger.Api.Http;
using Ledger.Domain.Payments;

namespace Ledger.Api.Payments;

/// <summary>The rule inputs recorded with the decision, as the auditor will see them.</summary>
public sealed record DecisionResponse(
    string WalletStatus, bool FacePayEnabled, MoneyResponse Balance, MoneyResponse PerPaymentLimit,
    MoneyResponse DailyAmountLimit, MoneyResponse UsedToday, int DailyCountLimit, int CountToday, string LimitPolicy);

public sealed record PaymentResponse(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, MoneyResponse Amount, string Status,
    string? DeclineReason, MoneyResponse Refunded, DecisionResponse Decision, DateTimeOffset DecidedAt)
{
    public static PaymentResponse From(Payment p)
    {
        var i = p.Inputs;
        return new PaymentResponse(p.Id, p.WalletId, p.MerchantId, p.TerminalId, MoneyResponse.From(p.Amount),
            ToSnake(p.Status.ToString()), p.DeclineReason is { } r ? ToSnake(r.ToString()) : null, MoneyResponse.From(p.Refunded),
            new DecisionResponse(i.WalletStatus.ToString().ToLowerInvariant(), i.FacePayEnabled, MoneyResponse.From(i.Balance),
                MoneyResponse.From(i.PerPaymentLimit), MoneyResponse.From(i.DailyAmountLimit), MoneyResponse.From(i.UsedToday),
                i.DailyCountLimit, i.CountToday, i.LimitPolicy),
            p.DecidedAt);
    }

    private static string ToSnake(string pascal) =>
        string.Concat(pascal.Select((c, n) => char.IsUpper(c) && n > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
