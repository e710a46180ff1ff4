using Ledger.Api.FacePay;
using Ledger.Api.Http;
using Ledger.Domain.Payments;

namespace Ledger.Api.Payments;

/// <summary>The rule inputs recorded with the decision, as the auditor will see them.</summary>
public sealed record DecisionResponse(
    string WalletStatus, bool FacePayEnabled, MoneyResponse Balance, MoneyResponse PerPaymentLimit,
    MoneyResponse DailyAmountLimit, MoneyResponse UsedToday, int DailyCountLimit, int CountToday, string LimitPolicy);

/// <summary>
/// A payment decision. A face payment also carries its face evidence; one that failed verification has no limit
/// inputs (the limits were never reached) and a wallet only when the shopper's hint named one customer.
/// </summary>
public sealed record PaymentResponse(
    Guid PaymentId, Guid? WalletId, Guid MerchantId, Guid TerminalId, MoneyResponse Amount, string Status,
    string? DeclineReason, MoneyResponse Refunded, DecisionResponse? Decision, DateTimeOffset DecidedAt, FaceResponse? Face = null)
{
    public static PaymentResponse From(Payment p) =>
        new(p.Id, p.WalletId, p.MerchantId, p.TerminalId, MoneyResponse.From(p.Amount),
            Domain.RuleCodes.FromName(p.Status.ToString()), p.DeclineReason is { } r ? Domain.RuleCodes.FromName(r.ToString()) : null, MoneyResponse.From(p.Refunded),
            p.Inputs is { } i
                ? new DecisionResponse(i.WalletStatus.ToString().ToLowerInvariant(), i.FacePayEnabled, MoneyResponse.From(i.Balance),
                    MoneyResponse.From(i.PerPaymentLimit), MoneyResponse.From(i.DailyAmountLimit), MoneyResponse.From(i.UsedToday),
                    i.DailyCountLimit, i.CountToday, i.LimitPolicy)
                : null,
            p.DecidedAt, p.Face is { } f ? FaceResponse.From(f, p.OperatingPoint) : null);
}
