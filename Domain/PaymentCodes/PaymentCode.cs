using System.Globalization;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// What the customer's device shows and the till sends: one string of decimal digits, so that a QR code (numeric
/// mode), a Code 128 barcode (set C, two digits per symbol) and a keypad all carry it unchanged.
/// <code>
///   81 | 123456789012 | 46119246 | 7
///   ^    ^              ^          ^ Luhn check digit over everything before it
///   |    |              one-time code: 6 to 8 digits (the credential's registered length)
///   |    credential number: 12 digits (<see cref="PaymentCredentialId"/>)
///   layout prefix: "8" = Ledger payment code, "1" = this layout; another layout gets another prefix
/// </code>
/// 21 to 23 digits in all. The check digit turns a misread or mistyped digit into "malformed" at the edge instead
/// of a failed attempt against somebody else's credential (Luhn catches every single-digit error and every
/// adjacent swap except 09/90). An instance is always well formed: build it with <see cref="Parse"/> or
/// <see cref="Of"/>.
/// </summary>
public sealed record PaymentCode
{
    public const string Prefix = "81";
    public const int MinLength = 2 + PaymentCredentialId.Length + Hotp.MinDigits + 1;
    public const int MaxLength = 2 + PaymentCredentialId.Length + Hotp.MaxDigits + 1;

    private PaymentCode(PaymentCredentialId credential, string otp) => (Credential, Otp) = (credential, otp);

    public PaymentCredentialId Credential { get; }

    /// <summary>The one-time code (TOTP digits) alone.</summary>
    public string Otp { get; }

    /// <summary>The device side: the string to render for <paramref name="otp"/>.</summary>
    public static PaymentCode Of(PaymentCredentialId credential, string otp)
    {
        if (otp is null || otp.Length is < Hotp.MinDigits or > Hotp.MaxDigits || !otp.All(char.IsAsciiDigit))
            throw Invalid($"The one-time code has {Hotp.MinDigits} to {Hotp.MaxDigits} digits.");
        return new PaymentCode(credential, otp);
    }

    /// <summary>The till side. Refuses (invalid_payment_code) anything that is not exactly the layout above.</summary>
    public static PaymentCode Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
            throw Invalid("The payment code is empty.");
        if (!text.All(char.IsAsciiDigit))
            throw Invalid("A payment code has digits only (no spaces, letters or separators).");
        if (text.Length is < MinLength or > MaxLength)
            throw Invalid($"A payment code has {MinLength} to {MaxLength} digits, not {text.Length}.");
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            throw Invalid($"A payment code starts with {Prefix}; this one is of another kind or layout.");
        if (Luhn.CheckDigit(text.AsSpan(0, text.Length - 1)) != text[^1])
            throw Invalid("The check digit does not match: the code was misread or mistyped.");

        var number = long.Parse(text.AsSpan(Prefix.Length, PaymentCredentialId.Length), NumberStyles.None, CultureInfo.InvariantCulture);
        return new PaymentCode(new PaymentCredentialId(number), text[(Prefix.Length + PaymentCredentialId.Length)..^1]);
    }

    public static bool TryParse(string? text, out PaymentCode? code)
    {
        try
        {
            code = Parse(text);
            return true;
        }
        catch (DomainRuleViolation)
        {
            code = null;
            return false;
        }
    }

    public override string ToString()
    {
        var body = Prefix + Credential + Otp;
        return body + Luhn.CheckDigit(body);
    }

    private static DomainRuleViolation Invalid(string message) => new(RuleCodes.InvalidPaymentCode, message);
}
