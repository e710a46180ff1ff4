using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Wallets;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+4915112345678", "+4915112345678")]
    [InlineData("+49 151 1234 5678", "+4915112345678")]
    [InlineData("+1-555-010-9999", "+15550109999")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("+12345678", "+12345678")] // 8 digits: the shortest accepted
    [InlineData("+123456789012345", "+123456789012345")] // 15 digits: the E.164 maximum
    public void A_phone_number_in_E164_form_is_accepted_and_compacted(string input, string e164)
    {
        Assert.Equal(e164, PhoneNumber.Parse(input).E164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4915112345678")] // no '+'
    [InlineData("+0915112345678")] // a country code never starts with 0
    [InlineData("+1234567")] // 7 digits
    [InlineData("+1234567890123456")] // 16 digits
    [InlineData("+49151ABC45678")]
    [InlineData("+49 (151) 12345678")]
    [InlineData("++4915112345678")]
    public void Anything_else_is_refused_as_an_invalid_phone_number(string? input)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => PhoneNumber.Parse(input));

        Assert.Equal(RuleCodes.InvalidPhoneNumber, refusal.Code);
    }

    [Fact]
    public void The_last_four_digits_narrow_the_face_search()
    {
        Assert.Equal("5678", PhoneNumber.Parse("+49 151 1234 5678").LastFour);
        Assert.Equal("9999", PhoneNumber.Parse("+1-555-010-9999").LastFour);
    }

    [Fact]
    public void The_wallet_exposes_the_last_four_digits_of_its_phone_number()
    {
        var wallet = WalletEvolution.Fold([Support.TestData.Opened()])!;

        Assert.Equal("5678", wallet.PhoneLastFour);
    }
}
