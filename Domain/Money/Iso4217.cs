namespace Ledger.Domain;

/// <summary>
/// Active ISO 4217 codes and their minor-unit exponents (ISO 4217 list one, as published by SIX).
/// Funds codes and precious metals are left out: a wallet cannot hold them.
/// </summary>
internal static class Iso4217
{
    public static readonly IReadOnlyDictionary<string, int> Decimals = Build();

    private static Dictionary<string, int> Build()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(int decimals, string codes)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                table[code] = decimals;
        }

        Add(0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF");
        Add(3, "BHD IQD JOD KWD LYD OMR TND");
        Add(4, "CLF UYW");
        Add(2, "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD " +
               "CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ " +
               "GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA " +
               "MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR " +
               "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD " +
               "TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG");
        return table;
    }
}
