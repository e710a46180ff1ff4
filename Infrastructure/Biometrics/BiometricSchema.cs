using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// The biometric vault, outside the event streams on purpose: templates encrypted under a per-customer data key,
/// the data keys wrapped by the master key in their own table, and face-pay PIN verifiers. Destroying a
/// customer's key row is the erasure: the template ciphertext left behind (and in any backup of it) cannot be
/// opened again. Keep this key table out of long-lived backups.
/// </summary>
public static class BiometricSchema
{
    public const string Templates = "face_templates";
    public const string DataKeys = "face_data_keys";
    public const string Pins = "face_pay_pins";

    public static IEnumerable<Table> Tables(string schema)
    {
        // One current template per customer; the phone columns are what a terminal's hint searches by.
        var templates = new Table($"{schema}.{Templates}");
        templates.AddColumn<Guid>("wallet_id").AsPrimaryKey();
        templates.AddColumn<Guid>("template_id").NotNull();
        templates.AddColumn<string>("model_id").NotNull();
        templates.AddColumn<string>("model_sha256").NotNull();
        templates.AddColumn<string>("phone_e164").NotNull().AddIndex();
        templates.AddColumn<string>("phone_last4").NotNull().AddIndex();
        templates.AddColumn("sealed_template", "bytea").NotNull();
        templates.AddColumn("enrolled_at", "timestamptz").NotNull();

        var keys = new Table($"{schema}.{DataKeys}");
        keys.AddColumn<Guid>("wallet_id").AsPrimaryKey();
        keys.AddColumn("wrapped_key", "bytea").NotNull();
        keys.AddColumn("created_at", "timestamptz").NotNull();

        var pins = new Table($"{schema}.{Pins}");
        pins.AddColumn<Guid>("wallet_id").AsPrimaryKey();
        pins.AddColumn("salt", "bytea").NotNull();
        pins.AddColumn("hash", "bytea").NotNull();
        pins.AddColumn<int>("iterations").NotNull();
        pins.AddColumn("set_at", "timestamptz").NotNull();

        return [templates, keys, pins];
    }
}
