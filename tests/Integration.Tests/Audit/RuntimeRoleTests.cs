using Ledger.Infrastructure.Audit;
using Npgsql;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// The insider with the service's own database credentials (the runtime role): the ledger runs, chains and signs
/// as that role, but the history cannot be changed with it, by the grants and, behind them, by the guard triggers.
/// </summary>
public sealed class RuntimeRoleTests(RuntimeRoleTests.SealedLedger sealedLedger) : IClassFixture<RuntimeRoleTests.SealedLedger>
{
    /// <summary>One ledger for the refusals: a refused statement changes nothing, which each test checks.</summary>
    public sealed class SealedLedger : IAsyncLifetime
    {
        public AuditedLedger Ledger { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
            await Ledger.RunStoryAsync();
            await Ledger.SealAsync();
        }

        public async Task DisposeAsync() => await Ledger.DisposeAsync();
    }

    public static TheoryData<string> Rewrites => new()
    {
        "update ledger.mt_events set data = jsonb_set(data, '{amount,minor}', '1') where type = 'payment_authorized.v1'",
        "delete from ledger.mt_events where type = 'wallet_paid_out.v1'",
        "truncate ledger.mt_events cascade",
        "delete from ledger.mt_streams",
        "truncate ledger.mt_streams cascade",
        "update ledger.mt_streams set version = 1",
        "update ledger.audit_chain set hash = prev_hash",
        "delete from ledger.audit_chain",
        "truncate ledger.audit_chain",
        "update ledger.audit_checkpoints set size = size - 1",
        "delete from ledger.audit_checkpoints",
        "truncate ledger.audit_checkpoints",
        "delete from ledger.audit_key_rotations",
        "truncate ledger.audit_key_rotations",
        "delete from ledger.audit_gaps",
        "truncate ledger.audit_reads",
        "alter table ledger.mt_events disable trigger ledger_history_no_change",
        "drop trigger ledger_history_no_change on ledger.audit_chain",
        "drop function ledger.ledger_history_guard() cascade",
        "create table ledger.mt_events_copy (like ledger.mt_events)",
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task The_runtime_role_cannot_rewrite_history(string sql)
    {
        var ledger = sealedLedger.Ledger;
        var before = await HistoryAsync(ledger);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(ledger.RuntimeConnectionString, sql));

        // 42501 from the grants (or from not owning the object); the history is as it was, and verifies.
        Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{refused.SqlState}: {refused.MessageText}");
        Assert.Equal(before, await HistoryAsync(ledger));
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
    }

    [Theory]
    [InlineData("update ledger.mt_events set data = jsonb_set(data, '{amount,minor}', '1') where type = 'payment_authorized.v1'")]
    [InlineData("delete from ledger.audit_chain")]
    [InlineData("truncate ledger.audit_checkpoints")]
    [InlineData("update ledger.mt_streams set version = 1")]
    public async Task The_guards_refuse_even_a_role_with_every_privilege_unless_it_owns_the_tables(string sql)
    {
        var ledger = sealedLedger.Ledger;
        var before = await HistoryAsync(ledger);
        var admin = Environment.GetEnvironmentVariable("LEDGER_PG_ADMIN")
                    ?? throw new InvalidOperationException("LEDGER_PG_ADMIN is not set: source .data/env (scripts/setup.sh writes it)");
        var superuser = new NpgsqlConnectionStringBuilder(admin) { Database = new NpgsqlConnectionStringBuilder(ledger.ConnectionString).Database }.ConnectionString;

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(superuser, sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(before, await HistoryAsync(ledger));
    }

    [Fact]
    public async Task The_runtime_role_runs_the_ledger_and_its_audit_trail()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.TopUpAsync(story.WalletIds[0]);
        var second = await ledger.SealAsync();

        Assert.Equal("ledger_app", await ledger.ScalarAsync<string>("select current_user::text"));
        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), second.Statement.Size);
        var verification = await ledger.Verifier.VerifyAsync(default);
        Assert.Null(verification.Failure);
        Assert.Equal(verification.EventsChecked, verification.LinksChecked);
    }

    private static async Task<string> HistoryAsync(AuditedLedger ledger) =>
        await ledger.ScalarAsync<string>(
            "select concat_ws('/', (select md5(string_agg(seq_id || ':' || data::text, ',' order by seq_id)) from ledger.mt_events), " +
            "(select md5(string_agg(id || ':' || version, ',' order by id)) from ledger.mt_streams), " +
            "(select md5(string_agg(seq || ':' || encode(hash, 'hex'), ',' order by seq)) from ledger.audit_chain), " +
            "(select md5(string_agg(seq || ':' || encode(signature, 'hex'), ',' order by seq)) from ledger.audit_checkpoints))");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
