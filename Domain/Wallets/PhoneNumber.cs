namespace Ledger.Domain.Wallets;

/// <summary>
/// A customer's phone number in E.164 form (+ and 8 to 15 digits). Its last four digits narrow the
/// face search at a terminal, so they are exposed as <see cref="LastFour"/>.
/// </summary>
public sealed record PhoneNumber
{
    public string E164 { get; }

    private PhoneNumber(string e164) => E164 = e164;

    public static PhoneNumber Parse(string? value)
    {
        var compact = (value ?? "").Replace(" ", "").Replace("-", "");
        var digits = compact.StartsWith('+') ? compact[1..] : "";
        if (digits.Length is < 8 or > 15 || !digits.All(char.IsAsciiDigit) || digits[0] == '0')
            throw new DomainRuleViolation(RuleCodes.InvalidPhoneNumber,
                "A phone number must be in E.164 form: '+', country code, 8 to 15 digits in all.");
        return new PhoneNumber("+" + digits);
    }

    public static bool TryParse(string? value, out PhoneNumber? phone)
    {
        try
        {
            phone = Parse(value);
            return true;
        }
        catch (DomainRuleViolation)
        {
            phone = null;
            return false;
        }
    }

    public string LastFour => E164[^4..];

    public override string ToString() => E164;
}
