using Ledger.Domain;

namespace Ledger.Api.Http;

/// <summary>An amount in responses: the decimal string, the currency, and the exact minor units.</summary>
public sealed record MoneyResponse(string Amount, string Currency, long Minor)
{
    public static MoneyResponse From(Money money) => new(MoneyText.Format(money), money.Currency.Code, money.Minor);
}
