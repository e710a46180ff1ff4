using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

/// <summary>The exact bytes that are signed: a change here would make every stored signature fail, so it is spelled out.</summary>
public sealed class StatementTextTests
{
    [Fact]
    public void A_checkpoint_statement_is_a_flat_object_with_members_sorted_by_name()
    {
        var statement = new CheckpointStatement(42, 40, "ab01", "cd02", "2026-11-26T01:02:03.0000000Z");

        Assert.Equal("""{"at":"2026-11-26T01:02:03.0000000Z","format":"ledger-audit-checkpoint/1","head":"cd02","root":"ab01","seq":42,"size":40}""",
            statement.CanonicalText());
    }

    [Fact]
    public void A_key_rotation_statement_names_both_keys_and_the_last_checkpoint_of_the_old_one()
    {
        var statement = new KeyRotationStatement("T0xE", "TkVX", 42, 40, "ab01", "2026-11-26T01:02:03.0000000Z");

        Assert.Equal("""{"at":"2026-11-26T01:02:03.0000000Z","format":"ledger-audit-key-rotation/1","lastRoot":"ab01","lastSeq":42,"lastSize":40,"newPublicKey":"TkVX","oldPublicKey":"T0xE"}""",
            statement.CanonicalText());
    }

    [Fact]
    public void Strings_are_escaped_and_other_value_kinds_are_refused()
    {
        Assert.Equal("""{"a":"say \"hi\"","b":-1}""", CanonicalJson.FlatObject(("b", -1L), ("a", "say \"hi\"")));
        Assert.Throws<ArgumentException>(() => CanonicalJson.FlatObject(("a", 1.5)));
    }
}
