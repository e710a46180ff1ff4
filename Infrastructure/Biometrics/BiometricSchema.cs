using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// The biometric vault's tables, outside the event streams on purpose: templates sealed under a per-template data key
/// and face-pay PIN verifiers. The data keys and the PIN pepper are not here but in the <see cref="IBiometricKeyStore"/>,
/// so this database and its backups alone open nothing. Erasure deletes the customer's rows (template, phone digits,
/// PIN) and destroys the key.
/// </summary>
public static class BiometricSchema
{
    public const string Templates = "face_templates";
    public const string Pins = "face_pay_pins";

    /// <summary>Where data keys lived before the key store; emptied into it at start (<see cref="LegacyDataKeys"/>).</summary>
    public const string LegacyDataKeys = "face_data_keys";

    public static IEnumerable<Table> Tables(string schema)
    {
        // One template per customer and model (a renewal after a model upgrade keeps the old model's beside the new one);
        // the phone columns are what a terminal's hint searches by.
        var templates = new Table($"{schema}.{Templates}");
        templates.AddColumn<Guid>("wallet_id").AsPrimaryKey();
        templates.AddColumn<string>("model_id").AsPrimaryKey();
        templates.AddColumn<Guid>("template_id").NotNull();
        templates.AddColumn<string>("model_sha256").NotNull();
        templates.AddColumn<string>("phone_e164").NotNull().AddIndex();
        templates.AddColumn<string>("phone_last4").NotNull().AddIndex();
        templates.AddColumn("sealed_template", "bytea").NotNull();
        templates.AddColumn("enrolled_at", "timestamptz").NotNull();

        var pins = new Table($"{schema}.{Pins}");
        pins.AddColumn<Guid>("wallet_id").AsPrimaryKey();
        pins.AddColumn("salt", "bytea").NotNull();
        pins.AddColumn("hash", "bytea").NotNull();
        pins.AddColumn<int>("iterations").NotNull();
        pins.AddColumn("set_at", "timestamptz").NotNull();
        // Rows from before the pepper keep verifying as they were hashed; every new PIN is peppered.
        pins.AddColumn<string>("scheme").NotNull().DefaultValueByString(PinHasher.Unpeppered);

        return [templates, pins];
    }
}
