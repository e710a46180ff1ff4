using System.Globalization;
using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>
/// Reads a what-if policy: <c>{"name": "...", "limits": {"EUR": {"perPayment": "50.00", "dailyAmount": "100.00", "dailyCount": 3}}}</c>.
/// Amounts are decimal strings in the currency's units (as in the API), checked like any wallet's limits.
/// </summary>
public static class LimitPolicyFile
{
    /// <exception cref="FormatException">the file is not a valid policy; the message says where.</exception>
    public static LimitPolicy Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var name = root.GetProperty("name").GetString() ?? throw new FormatException("'name' must be a string");
            var limits = new Dictionary<string, WalletLimits>();
            foreach (var entry in root.GetProperty("limits").EnumerateObject())
            {
                if (!Currency.TryParse(entry.Name, out var currency)) throw new FormatException($"'{entry.Name}' is not an ISO 4217 currency");
                var l = entry.Value;
                limits[currency.Code] = Limits(currency, l.GetProperty("perPayment").GetString(), l.GetProperty("dailyAmount").GetString(),
                    l.GetProperty("dailyCount").GetInt32());
            }
            if (limits.Count == 0) throw new FormatException("'limits' names no currency");
            return new LimitPolicy(name, limits);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a limit policy: {e.Message}", e);
        }
    }

    /// <summary>The policy as its file says it (currencies in order, amounts in the currency's decimals): what the console
    /// stores with a report and shows beside it, and what <see cref="Parse"/> reads back to the same policy.</summary>
    public static string Write(LimitPolicy policy)
    {
        var limits = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (code, l) in policy.ByCurrency)
            limits[code] = new { perPayment = Text(l.PerPayment), dailyAmount = Text(l.DailyAmount), dailyCount = l.DailyCount };
        return JsonSerializer.Serialize(new { name = policy.Name, limits }, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Text(Money money) => money.ToDecimal().ToString("F" + money.Currency.Decimals, CultureInfo.InvariantCulture);

    /// <summary>One currency's limits from the policy's decimal strings, checked like any wallet's (the console's form asks the same).</summary>
    /// <exception cref="FormatException">an amount that is not a decimal string, or limits no wallet could have.</exception>
    public static WalletLimits Limits(Currency currency, string? perPayment, string? dailyAmount, int dailyCount)
    {
        try
        {
            var limits = new WalletLimits(Amount(perPayment, "perPayment", currency), Amount(dailyAmount, "dailyAmount", currency), dailyCount);
            limits.EnsureValidFor(currency);
            return limits;
        }
        catch (DomainRuleViolation e)
        {
            throw new FormatException($"not a limit policy: {e.Message}", e);
        }
    }

    private static Money Amount(string? text, string field, Currency currency)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            throw new FormatException($"'{field}' must be a decimal string such as \"50.00\", not '{text}'");
        return Money.FromDecimal(amount, currency);
    }
}
