using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.PaymentCodes;

/// <summary>
/// The keys of customers' payment credentials, sealed with the master key. Outside the event stream on purpose: a
/// key must never become part of the immutable record; the stream only says which credential belongs to which wallet.
/// </summary>
public static class PaymentCredentialSchema
{
    public const string Keys = "payment_credential_keys";

    public static IEnumerable<Table> Tables(string schema)
    {
        var keys = new Table($"{schema}.{Keys}");
        keys.AddColumn<Guid>("credential_id").AsPrimaryKey();
        keys.AddColumn<Guid>("wallet_id").NotNull().AddIndex();
        keys.AddColumn("sealed_key", "bytea").NotNull();
        keys.AddColumn("issued_at", "timestamptz").NotNull();
        return [keys];
    }
}
