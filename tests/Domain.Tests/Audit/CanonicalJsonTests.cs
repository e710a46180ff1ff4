using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_at_every_level_and_whitespace_is_dropped()
    {
        Assert.Equal("""{"a":[3,{"x":1,"y":2}],"b":{"c":null,"d":true}}""",
            CanonicalJson.Of("""{ "b": { "d": true, "c": null }, "a": [3, { "y": 2, "x": 1 }] }"""));
    }

    [Fact]
    public void Keys_sort_by_utf16_code_units_not_by_culture()
    {
        Assert.Equal("""{"B":1,"a":2,"é":3}""", CanonicalJson.Of("""{"é":3,"a":2,"B":1}"""));
    }

    [Fact]
    public void Strings_escape_only_quotes_backslashes_and_control_characters()
    {
        Assert.Equal("\"Zoë \\\"x\\\" \\\\ \\n \\u001f </script> €\"",
            CanonicalJson.Of("\"Zo\\u00eb \\\"x\\\" \\\\ \\n \\u001F \\u003c/script> \u20ac\""));
    }

    [Fact]
    public void Numbers_keep_their_literal_text()
    {
        Assert.Equal("""{"lat":52.5219,"minor":15000,"n":-0.10}""", CanonicalJson.Of("""{"minor":15000,"lat":52.5219,"n":-0.10}"""));
    }

    [Fact]
    public void Canonicalising_twice_changes_nothing()
    {
        const string stored = """{"amount": {"minor": 15000, "currency": "EUR"}, "note": "a\tb \"c\" ü", "tags": [], "when": null}""";
        var once = CanonicalJson.Of(stored);
        Assert.Equal(once, CanonicalJson.Of(once));
    }

    [Fact]
    public void Duplicate_keys_have_no_canonical_form()
    {
        Assert.Throws<FormatException>(() => CanonicalJson.Of("""{"a":1,"a":2}"""));
    }
}
