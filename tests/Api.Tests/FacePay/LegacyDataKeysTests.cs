using Ledger.Infrastructure.Biometrics;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// A database from before the key store: its data keys move into the key store at start, the template rows of
/// customers already erased (key destroyed, row and phone digits left behind) go, and the old key table is dropped.
/// </summary>
public sealed class LegacyDataKeysTests
{
    [Fact]
    public async Task Keys_move_out_of_the_database_erased_customers_rows_go_and_the_old_table_is_dropped_once()
    {
        await using var database = await TestDatabase.CreateAsync("ledger_legacy");
        await using var data = NpgsqlDataSource.Create(database.ConnectionString);
        var (kept, erased, template) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var setup = data.CreateCommand(
            "create schema ledger; " +
            "create table ledger.face_templates (wallet_id uuid primary key, template_id uuid not null, phone_e164 text not null, sealed_template bytea not null); " +
            "create table ledger.face_data_keys (wallet_id uuid primary key, wrapped_key bytea not null); " +
            $"insert into ledger.face_templates values ('{kept}', '{template}', '+447700900001', '\\x01'), ('{erased}', '{Guid.NewGuid()}', '+447700900002', '\\x02'); " +
            $"insert into ledger.face_data_keys values ('{kept}', '\\x0a0b0c')"))
            await setup.ExecuteNonQueryAsync();
        var keys = new FileBiometricKeyStore(Support.TestService.KeyStoreDirectory());

        Assert.Equal(1, await LegacyDataKeys.MoveAsync(data, keys, "ledger", default));

        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, keys.DataKey(kept, template));
        await using (var rows = data.CreateCommand("select wallet_id from ledger.face_templates"))
            Assert.Equal(kept, (Guid)(await rows.ExecuteScalarAsync())!);
        await using (var table = data.CreateCommand("select to_regclass('ledger.face_data_keys') is null"))
            Assert.True((bool)(await table.ExecuteScalarAsync())!);
        Assert.Equal(0, await LegacyDataKeys.MoveAsync(data, keys, "ledger", default));
    }
}
