using System.Text;
using Ledger.Terminal.Payments;

namespace Ledger.Terminal.Tests.Payments;

public sealed class RequestBodiesTests
{
    private static readonly Guid Till = Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d");

    [Fact]
    public void A_code_payment_is_the_documented_body_amount_as_a_decimal_string() =>
        Assert.Equal("{\"terminalId\":\"b8421bfd-6415-8501-8d5b-ec7691d3506d\",\"amount\":\"12.90\",\"currency\":\"EUR\",\"paymentCode\":\"81000000000042123456784\"}",
            Encoding.UTF8.GetString(RequestBodies.CodePayment(Till, Amount.Parse("12.90", "EUR"), "81000000000042123456784")));

    [Fact]
    public void A_face_payment_leaves_out_what_it_does_not_carry_and_keeps_plus_signs_and_base64_as_they_are() =>
        Assert.Equal("{\"terminalId\":\"b8421bfd-6415-8501-8d5b-ec7691d3506d\",\"amount\":\"4.20\",\"currency\":\"EUR\"," +
                     "\"customer\":{\"phoneNumber\":\"+4915112345678\"},\"frames\":[\"+/8=\",\"AQ==\"],\"statement\":\"0oQ=\"}",
            Encoding.UTF8.GetString(RequestBodies.FacePayment(Till, new FacePayment(Amount.Parse("4.20", "EUR"), CustomerHint.Phone("+4915112345678"),
                Frames: [[0xfb, 0xff], [0x01]], Statement: [0xd2, 0x84]))));

    [Theory]
    [InlineData("12.90", "EUR", 2, 1290, "12.90")]
    [InlineData("12.9", "EUR", 2, 1290, "12.90")]
    [InlineData("500", "JPY", 0, 500, "500")]
    [InlineData("0.01", "EUR", 2, 1, "0.01")]
    public void Amounts_are_minor_units_and_travel_as_decimal_strings(string text, string currency, int decimals, long minor, string sent)
    {
        var amount = Amount.Parse(text, currency, decimals);

        Assert.Equal((minor, sent), (amount.Minor, amount.Text));
    }

    [Theory]
    [InlineData("1.999")]
    [InlineData("-1.00")]
    [InlineData("1e3")]
    public void An_amount_the_currency_cannot_hold_is_refused_never_rounded(string text) =>
        Assert.ThrowsAny<FormatException>(() => Amount.Parse(text, "EUR"));
}
