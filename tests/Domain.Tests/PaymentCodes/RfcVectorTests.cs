using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.PaymentCodes;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// The published test vectors: RFC 6238 Appendix B (TOTP, 30 s steps, 8 digits; the key is the ASCII digits repeated
/// to the hash's length) and RFC 4226 Appendix D (HOTP, SHA-1, 6 digits). SHA-1 and SHA-512 run through
/// <see cref="Hotp"/> only: payment codes themselves are always SHA-256.
/// </summary>
public class RfcVectorTests
{
    private static readonly byte[] Sha1Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Key = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Key = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    [Theory]
    [InlineData(59L, "46119246")]
    [InlineData(1111111109L, "68084774")]
    [InlineData(1111111111L, "67062674")]
    [InlineData(1234567890L, "91819424")]
    [InlineData(2000000000L, "90698825")]
    [InlineData(20000000000L, "77737706")]
    public void A_payment_code_is_the_RFC_6238_SHA_256_code_of_its_time(long unixTime, string expected)
    {
        Assert.Equal(expected, PaymentCodeGenerator.CodeAt(Sha256Key, At(unixTime)));
        Assert.True(PaymentCodeGenerator.Matches(Sha256Key, PaymentCodeGenerator.StepAt(At(unixTime)), expected));
    }

    [Theory]
    [InlineData(59L, 0x1L)]
    [InlineData(1111111109L, 0x23523ECL)]
    [InlineData(1111111111L, 0x23523EDL)]
    [InlineData(1234567890L, 0x273EF07L)]
    [InlineData(2000000000L, 0x3F940AAL)]
    [InlineData(20000000000L, 0x27BC86AAL)]
    public void The_time_step_is_the_one_RFC_6238_lists(long unixTime, long step)
    {
        Assert.Equal(step, PaymentCodeGenerator.StepAt(At(unixTime)));
    }

    [Theory]
    [InlineData(59L, "94287082", "90693936")]
    [InlineData(1111111109L, "07081804", "25091201")]
    [InlineData(1111111111L, "14050471", "99943326")]
    [InlineData(1234567890L, "89005924", "93441116")]
    [InlineData(2000000000L, "69279037", "38618901")]
    [InlineData(20000000000L, "65353130", "47863826")]
    public void The_HOTP_core_gives_the_RFC_6238_SHA_1_and_SHA_512_codes(long unixTime, string sha1, string sha512)
    {
        var step = unixTime / 30;

        Assert.Equal(sha1, Hotp.Compute(Sha1Key, step, 8, HashAlgorithmName.SHA1));
        Assert.Equal(sha512, Hotp.Compute(Sha512Key, step, 8, HashAlgorithmName.SHA512));
    }

    [Theory]
    [InlineData(0L, "755224")]
    [InlineData(1L, "287082")]
    [InlineData(2L, "359152")]
    [InlineData(3L, "969429")]
    [InlineData(4L, "338314")]
    [InlineData(5L, "254676")]
    [InlineData(6L, "287922")]
    [InlineData(7L, "162583")]
    [InlineData(8L, "399871")]
    [InlineData(9L, "520489")]
    public void The_HOTP_core_gives_the_RFC_4226_codes(long counter, string expected)
    {
        Assert.Equal(expected, Hotp.Compute(Sha1Key, counter, 6, HashAlgorithmName.SHA1));
    }
}
