using Ledger.Domain.Fraud;

namespace Ledger.Domain.Tests.Fraud;

public sealed class FraudSubjectTests
{
    [Fact]
    public void A_subject_reads_back_what_it_writes()
    {
        var id = Guid.NewGuid();
        foreach (var subject in new[] { FraudSubject.Wallet(id), FraudSubject.Terminal(id) })
        {
            Assert.True(FraudSubject.TryParse(subject.ToString(), out var read));
            Assert.Equal(subject, read);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wallet")]
    [InlineData("wallet:not-a-uuid")]
    [InlineData("customer:0b9f3a44-2c39-4bdf-9d0a-2a3f0d7c4e11")]
    [InlineData("Wallet:0b9f3a44-2c39-4bdf-9d0a-2a3f0d7c4e11")]
    public void Anything_else_is_no_subject(string? text)
    {
        Assert.False(FraudSubject.TryParse(text, out var subject));
        Assert.Null(subject);
    }
}
