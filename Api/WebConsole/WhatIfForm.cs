using System.Globalization;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;

namespace Ledger.Api.WebConsole;

/// <summary>One row of the what-if form: a currency and its limits, as typed.</summary>
public sealed record WhatIfRow(string? Currency, string? PerPayment, string? DailyAmount, string? DailyCount)
{
    /// <summary>A row counts once a limit is typed in it (the currency alone is the form's default).</summary>
    public bool IsFilled => !string.IsNullOrWhiteSpace(PerPayment) || !string.IsNullOrWhiteSpace(DailyAmount) || !string.IsNullOrWhiteSpace(DailyCount);
}

/// <summary>
/// The what-if form read into a period and a limit policy, or the first thing wrong with it in words: limits given as rows
/// (one currency each) or as a policy file's text (<c>ledger replay what-if --policy FILE</c>'s format,
/// <see cref="LimitPolicyFile"/>), never both; every limit checked as any wallet's.
/// </summary>
public static class WhatIfForm
{
    public const int Rows = 4;
    public const int MaxRows = 20;
    public const int MaxPolicyText = 16_000;
    public const int MaxName = 100;

    public sealed record Parsed(LimitPolicy Policy, DateTimeOffset? From, DateTimeOffset? To);

    public static (Parsed? Form, string? Error) Parse(string? from, string? to, IReadOnlyList<WhatIfRow> rows, string? policyText, string? name)
    {
        if (!TryTime(from, out var start) || !TryTime(to, out var end))
            return (null, "from and to must be times such as 2026-12-03T00:00:00Z or days such as 2026-12-03 (UTC), or empty.");
        if (start is not null && end is not null && start >= end) return (null, "from must be before to.");
        var (policy, error) = string.IsNullOrWhiteSpace(policyText) ? FromRows(rows, name) : FromFile(policyText, rows);
        return policy is null ? (null, error) : (new Parsed(policy, start, end), null);
    }

    private static (LimitPolicy?, string?) FromFile(string text, IReadOnlyList<WhatIfRow> rows)
    {
        if (rows.Any(r => r.IsFilled)) return (null, "Give the limits either as rows or as a policy file, not both.");
        if (text.Length > MaxPolicyText) return (null, $"The policy file may have at most {MaxPolicyText} characters.");
        try
        {
            var policy = LimitPolicyFile.Parse(text);
            if (policy.Name.Length is 0 or > MaxName) return (null, $"The policy's name must have 1 to {MaxName} characters.");
            return (policy, null);
        }
        catch (FormatException e)
        {
            return (null, $"The policy file: {e.Message}");
        }
    }

    private static (LimitPolicy?, string?) FromRows(IReadOnlyList<WhatIfRow> rows, string? name)
    {
        if (rows.Count > MaxRows) return (null, $"At most {MaxRows} currencies in one report.");
        var limits = new Dictionary<string, WalletLimits>();
        foreach (var (row, number) in rows.Select((r, i) => (r, i + 1)).Where(x => x.r.IsFilled))
        {
            if (!Domain.Currency.TryParse(row.Currency?.Trim().ToUpperInvariant(), out var currency))
                return (null, $"Row {number}: the currency must be an ISO 4217 code such as EUR.");
            if (limits.ContainsKey(currency.Code)) return (null, $"Row {number}: {currency.Code} has a row already.");
            if (!int.TryParse(row.DailyCount?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                return (null, $"Row {number}: the daily count must be a whole number.");
            try
            {
                limits[currency.Code] = LimitPolicyFile.Limits(currency, row.PerPayment?.Trim(), row.DailyAmount?.Trim(), count);
            }
            catch (FormatException e)
            {
                return (null, $"Row {number}: {e.Message}");
            }
        }
        if (limits.Count == 0) return (null, "Give one currency's limits at least (a row, or a policy file).");
        if (string.IsNullOrWhiteSpace(name))
        {
            var made = "console: " + string.Join("; ", limits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
                $"{l.Key} {Amount(l.Value.PerPayment)} per payment, {Amount(l.Value.DailyAmount)} and {l.Value.DailyCount} a day"));
            name = made.Length <= MaxName ? made : made[..(MaxName - 1)] + "…";
        }
        else if ((name = name.Trim()).Length > MaxName) return (null, $"The policy's name may have at most {MaxName} characters.");
        return (new LimitPolicy(name, limits), null);
    }

    private static string Amount(Domain.Money money) => money.ToDecimal().ToString("F" + money.Currency.Decimals, CultureInfo.InvariantCulture);

    /// <summary>A time as the form and links give it: empty for none, a day or a time, UTC unless it says otherwise.</summary>
    public static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        at = parsed;
        return true;
    }
}
