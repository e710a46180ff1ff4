using Ledger.Api.WebConsole;
using Ledger.Domain;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>Two states laid side by side field by field, as the time travel page shows them.</summary>
public sealed class StateFieldsTests
{
    private sealed record Limits(Money PerPayment, int DailyCount);
    private sealed record State(string Status, Money Balance, Limits Limits, IReadOnlyList<string> Tags);

    private static readonly Currency Eur = Currency.Of("EUR");

    [Fact]
    public void Nested_fields_become_paths_money_reads_as_an_amount_and_only_changed_fields_differ()
    {
        var then = new State("active", new Money(2500, Eur), new Limits(new Money(20000, Eur), 20), ["a"]);
        var now = then with { Status = "frozen", Tags = ["a", "b"] };

        var fields = StateFields.Compare(then, now).ToDictionary(f => f.Path);

        Assert.Equal(new FieldChange("balance", "25.00 EUR", "25.00 EUR"), fields["balance"]);
        Assert.Equal("200.00 EUR", fields["limits.perPayment"].Then);
        Assert.True(fields["status"].Differs);
        Assert.False(fields["limits.dailyCount"].Differs);
        Assert.Equal(new FieldChange("tags[1]", null, "b"), fields["tags[1]"]);
        Assert.Equal(["status", "tags[1]"], StateFields.Compare(then, now).Where(f => f.Differs).Select(f => f.Path));
    }

    [Fact]
    public void A_state_that_did_not_exist_yet_has_no_fields_then()
    {
        var now = new State("active", new Money(0, Eur), new Limits(new Money(1, Eur), 1), []);
        Assert.All(StateFields.Compare(null, now), f => Assert.Null(f.Then));
        Assert.Equal("[]", StateFields.Flatten(now)["tags"]);
    }
}
