namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// The Luhn mod-10 check digit (ISO/IEC 7812-1 Annex B), the one payment cards use, so tills and their staff
/// already know it. Guards a scanned or typed payment code against a single wrong digit.
/// </summary>
public static class Luhn
{
    /// <summary>The digit to append to <paramref name="digits"/> (ASCII decimal digits only).</summary>
    public static char CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = true; // the rightmost payload digit is doubled, as the check digit will follow it
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(digits[i]))
                throw new ArgumentException("Only decimal digits carry a Luhn check digit.", nameof(digits));
            var d = digits[i] - '0';
            if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
            doubled = !doubled;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
