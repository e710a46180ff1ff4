using Ledger.Domain.PaymentCodes;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>A credential's number and the stream id derived from it.</summary>
public class PaymentCredentialIdTests
{
    [Fact]
    public void The_stream_id_is_a_version_8_uuid_that_shows_the_number()
    {
        var id = new PaymentCredentialId(123456789012);

        Assert.Equal(Guid.Parse("00000000-0000-8000-8000-123456789012"), id.StreamId);
        Assert.Equal(8, id.StreamId.Version);
        Assert.Equal(id, PaymentCredentialId.FromStreamId(id.StreamId));
    }

    [Fact]
    public void A_stream_id_of_any_other_kind_names_no_credential()
    {
        Assert.Throws<DomainRuleViolation>(() => PaymentCredentialId.FromStreamId(Guid.NewGuid()));
        Assert.Throws<DomainRuleViolation>(() => PaymentCredentialId.FromStreamId(Guid.Parse("00000000-0000-8000-8000-12345678901a")));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1_000_000_000_000L)]
    public void A_number_has_twelve_digits_at_most(long number)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => new PaymentCredentialId(number));
        Assert.Equal(RuleCodes.InvalidPaymentCode, refusal.Code);
    }

    [Fact]
    public void Small_numbers_are_written_with_their_leading_zeros()
    {
        Assert.Equal("000000000007", new PaymentCredentialId(7).ToString());
    }

    [Fact]
    public void Random_ids_are_twelve_digits_and_do_not_repeat()
    {
        var drawn = Enumerable.Range(0, 1000).Select(_ => PaymentCredentialId.NewRandom()).ToList();

        Assert.All(drawn, id => Assert.InRange(id.Number, 0, 999_999_999_999));
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        // Not all from the low end: the top digit varies (a biased or truncated draw would show here first).
        Assert.True(drawn.Select(id => id.Number / 100_000_000_000).Distinct().Count() >= 5);
    }
}
