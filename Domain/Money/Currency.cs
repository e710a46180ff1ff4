namespace Ledger.Domain;

/// <summary>An ISO 4217 currency with its number of minor-unit decimals. Cannot be built for an unknown code.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CurrencyJsonConverter))]
public sealed record Currency
{
    public string Code { get; }
    public int Decimals { get; }

    private Currency(string code, int decimals)
    {
        Code = code;
        Decimals = decimals;
    }

    public static Currency Of(string code) =>
        TryParse(code, out var currency)
            ? currency
            : throw new DomainRuleViolation(RuleCodes.UnknownCurrency, $"'{code}' is not an ISO 4217 currency we accept.");

    public static bool TryParse(string? code, out Currency currency)
    {
        if (code is not null && Iso4217.Decimals.TryGetValue(code, out var decimals))
        {
            currency = Cache[code];
            return true;
        }
        currency = null!;
        return false;
    }

    public static IEnumerable<string> KnownCodes => Iso4217.Decimals.Keys;

    private static readonly Dictionary<string, Currency> Cache =
        Iso4217.Decimals.ToDictionary(pair => pair.Key, pair => new Currency(pair.Key, pair.Value), StringComparer.Ordinal);

    public override string ToString() => Code;
}
