using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// Terminal signing keys (secret sealed with the master key) and the nonces already used per key.
/// Outside the event stream on purpose: a secret must never become part of the immutable record.
/// </summary>
public static class TerminalCredentialSchema
{
    public const string Keys = "terminal_keys";
    public const string Nonces = "terminal_nonces";

    public static IEnumerable<Table> Tables(string schema)
    {
        var keys = new Table($"{schema}.{Keys}");
        keys.AddColumn<string>("key_id").AsPrimaryKey();
        keys.AddColumn<Guid>("terminal_id").NotNull().AddIndex();
        keys.AddColumn("sealed_secret", "bytea").NotNull();
        keys.AddColumn("issued_at", "timestamptz").NotNull();
        keys.AddColumn("valid_until", "timestamptz");

        // Insert-unique is the replay check; rows may go once their timestamp window has passed.
        var nonces = new Table($"{schema}.{Nonces}");
        nonces.AddColumn<string>("key_id").AsPrimaryKey();
        nonces.AddColumn<string>("nonce").AsPrimaryKey();
        nonces.AddColumn("expires_at", "timestamptz").NotNull().AddIndex();

        return [keys, nonces];
    }
}
