using Ledger.Domain.PaymentCodes;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>The wire format: "81", 12 credential digits, the one-time code, a Luhn check digit.</summary>
public class PaymentCodeFormatTests
{
    private const string Ada = "81123456789012461192468";

    [Fact]
    public void A_code_reads_as_prefix_credential_one_time_code_and_check_digit()
    {
        var code = PaymentCode.Parse(Ada);

        Assert.Equal(123456789012, code.Credential.Number);
        Assert.Equal("46119246", code.Otp);
        Assert.Equal(Ada, code.ToString());
    }

    [Fact]
    public void The_device_renders_the_same_text_the_till_parses()
    {
        var shown = PaymentCode.Of(new PaymentCredentialId(123456789012), "46119246").ToString();

        Assert.Equal(Ada, shown);
        Assert.Equal(PaymentCode.Of(new PaymentCredentialId(123456789012), "46119246"), PaymentCode.Parse(shown));
    }

    [Fact]
    public void Leading_zeros_of_the_credential_and_the_code_are_kept()
    {
        var code = PaymentCode.Of(new PaymentCredentialId(42), "00012345");

        Assert.Equal("81000000000042000123457", code.ToString());
        Assert.Equal("00012345", PaymentCode.Parse(code.ToString()).Otp);
    }

    [Fact]
    public void Six_and_seven_digit_codes_fit_the_same_layout()
    {
        Assert.Equal("123456", PaymentCode.Parse("811234567890121234564").Otp);
        var seven = PaymentCode.Of(new PaymentCredentialId(7), "1234567").ToString();
        Assert.Equal(22, seven.Length);
        Assert.Equal("1234567", PaymentCode.Parse(seven).Otp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("8112345678901246119246 8")]
    [InlineData("81-123456789012-46119246-8")]
    [InlineData("8112345678901246119246x")]
    [InlineData("８1123456789012461192468")] // a full-width digit: a digit to Unicode, not to a till
    [InlineData("81123456789012461192469")] // check digit off by one
    [InlineData("91123456789012461192467")] // another prefix (valid Luhn)
    [InlineData("8112345678901212345")] // too short: 19 digits
    [InlineData("811234567890121234567892")] // too long: 24 digits
    public void Anything_but_the_layout_is_an_invalid_payment_code(string? text)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => PaymentCode.Parse(text));

        Assert.Equal(RuleCodes.InvalidPaymentCode, refusal.Code);
        Assert.False(PaymentCode.TryParse(text, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Every_single_misread_digit_is_caught()
    {
        for (var position = 0; position < Ada.Length; position++)
            foreach (var digit in "0123456789".Where(d => d != Ada[position]))
            {
                var misread = Ada[..position] + digit + Ada[(position + 1)..];
                Assert.False(PaymentCode.TryParse(misread, out _), $"{misread} was accepted");
            }
    }

    [Fact]
    public void Swapped_neighbours_are_caught_unless_they_are_0_and_9()
    {
        for (var i = 0; i < Ada.Length - 1; i++)
        {
            if (Ada[i] == Ada[i + 1] || (Ada[i], Ada[i + 1]) is ('0', '9') or ('9', '0')) continue;
            var swapped = Ada[..i] + Ada[i + 1] + Ada[i] + Ada[(i + 2)..];
            Assert.False(PaymentCode.TryParse(swapped, out _), $"{swapped} was accepted");
        }
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("123456789")]
    [InlineData("1234a678")]
    [InlineData("")]
    public void A_device_cannot_render_a_malformed_one_time_code(string otp)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => PaymentCode.Of(new PaymentCredentialId(1), otp));
        Assert.Equal(RuleCodes.InvalidPaymentCode, refusal.Code);
    }
}
