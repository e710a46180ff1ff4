using System.Globalization;
using System.Security.Cryptography;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// Names a payment credential inside a payment code: 12 random decimal digits, nothing about the customer.
/// Its event stream id is derived from the number, not looked up, so a till's code leads to its stream without a
/// lookup: <c>00000000-0000-8000-8000-NNNNNNNNNNNN</c>, an RFC 9562 version 8 ("custom")
/// UUID whose last group is the number itself, which never collides with the random (v4) ids of other streams.
/// </summary>
public readonly record struct PaymentCredentialId
{
    public const int Length = 12;
    private const long Limit = 1_000_000_000_000;
    private const string StreamIdPrefix = "00000000-0000-8000-8000-";

    public PaymentCredentialId(long number)
    {
        if (number is < 0 or >= Limit)
            throw new DomainRuleViolation(RuleCodes.InvalidPaymentCode, $"A payment credential number has {Length} digits.");
        Number = number;
    }

    public long Number { get; }

    public Guid StreamId => Guid.ParseExact(StreamIdPrefix + ToString(), "D");

    /// <summary>
    /// A fresh random id. 10^12 values keep guessing a live one hopeless; a collision at registration is refused
    /// (already_exists) and the caller draws again.
    /// </summary>
    public static PaymentCredentialId NewRandom()
    {
        // Rejection sampling: the largest multiple of 10^12 below 2^63 keeps every number equally likely.
        const long unbiased = long.MaxValue - long.MaxValue % Limit;
        Span<byte> bytes = stackalloc byte[8];
        long value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToInt64(bytes) & long.MaxValue;
        } while (value >= unbiased);
        return new PaymentCredentialId(value % Limit);
    }

    public static PaymentCredentialId FromStreamId(Guid streamId)
    {
        var text = streamId.ToString("D");
        if (!text.StartsWith(StreamIdPrefix, StringComparison.Ordinal) || !long.TryParse(text.AsSpan(StreamIdPrefix.Length),
                NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw new DomainRuleViolation(RuleCodes.InvalidPaymentCode, $"{streamId} is not a payment credential's stream id.");
        return new PaymentCredentialId(number);
    }

    public override string ToString() => Number.ToString("D" + Length, CultureInfo.InvariantCulture);
}
