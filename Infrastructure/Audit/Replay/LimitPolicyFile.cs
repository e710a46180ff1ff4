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
                var walletLimits = new WalletLimits(Amount(l, "perPayment", currency), Amount(l, "dailyAmount", currency), l.GetProperty("dailyCount").GetInt32());
                walletLimits.EnsureValidFor(currency);
                limits[currency.Code] = walletLimits;
            }
            if (limits.Count == 0) throw new FormatException("'limits' names no currency");
            return new LimitPolicy(name, limits);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or DomainRuleViolation)
        {
            throw new FormatException($"not a limit policy: {e.Message}", e);
        }
    }

    private static Money Amount(JsonElement limits, string field, Currency currency)
    {
        var text = limits.GetProperty(field).GetString();
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            throw new FormatException($"'{field}' must be a decimal string such as \"50.00\", not '{text}'");
        return Money.FromDecimal(amount, currency);
    }
}
