using System.Globalization;

namespace Ledger.Terminal;

/// <summary>
/// An amount in minor units of an ISO 4217 currency: sent as a decimal string in major units (<c>"12.90"</c>, never a JSON
/// number) and signed in capture statements as minor units (1290). <paramref name="Decimals"/> is the currency's minor
/// unit digits (2 for EUR, 0 for JPY).
/// </summary>
public sealed record Amount(long Minor, string Currency, int Decimals = 2)
{
    /// <summary>"12.90" EUR → 1290 minor units; more decimals than the currency has is an error, never rounded.</summary>
    public static Amount Parse(string text, string currency, int decimals = 2)
    {
        var value = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var scaled = value * Pow10(decimals);
        if (scaled != decimal.Truncate(scaled)) throw new FormatException($"{currency} has {decimals} decimal(s); {text} has more.");
        return new Amount((long)scaled, currency, decimals);
    }

    /// <summary>Major units with exactly <see cref="Decimals"/> digits after the point, as the service reads them.</summary>
    public string Text => (Minor / Pow10(Decimals)).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public override string ToString() => $"{Text} {Currency}";

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
