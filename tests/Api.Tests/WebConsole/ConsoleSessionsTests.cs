using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Tests.Support;
using Ledger.Api.WebConsole;
using Ledger.Infrastructure.EventStore;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// The server's side of a console session, in PostgreSQL as the service's runtime role: its expiry, its end, tokens it
/// never issued, the cap on live sessions, and what the table holds (a hash, never the token). Each test starts with no
/// sessions; the clock is the test's.
/// </summary>
public sealed class ConsoleSessionsTests(ConsoleSessionsTests.SessionDatabase database) : IClassFixture<ConsoleSessionsTests.SessionDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset SignedInAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private ConsoleSessions _sessions = null!;

    public async Task InitializeAsync()
    {
        await database.ExecuteAsync("delete from ledger.console_sessions");
        _sessions = database.Sessions(ConsoleOptions.Default with { MaxSessions = 2 });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_session_lives_until_its_lifetime_ends_and_not_an_instant_longer()
    {
        var credential = Guid.NewGuid();
        var token = (await _sessions.StartAsync(credential, SignedInAt, default))!;

        Assert.Equal(credential, (await _sessions.FindAsync(token, SignedInAt + ConsoleOptions.Default.SessionLifetime - TimeSpan.FromSeconds(1), default))!.CredentialId);
        Assert.Null(await _sessions.FindAsync(token, SignedInAt + ConsoleOptions.Default.SessionLifetime, default));
        // Expired is gone: turning the clock back does not revive it, and its row was deleted on the way.
        Assert.Null(await _sessions.FindAsync(token, SignedInAt, default));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ledger.console_sessions"));
    }

    [Fact]
    public async Task An_ended_session_a_forged_token_and_an_oversized_one_find_nothing()
    {
        var token = (await _sessions.StartAsync(Guid.NewGuid(), SignedInAt, default))!;
        await _sessions.EndAsync(token, default);

        Assert.Null(await _sessions.FindAsync(token, SignedInAt, default));
        Assert.Null(await _sessions.FindAsync("forged", SignedInAt, default));
        Assert.Null(await _sessions.FindAsync(new string('a', 5000), SignedInAt, default));
        Assert.Null(await _sessions.FindAsync(null, SignedInAt, default));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ledger.console_sessions"));
    }

    [Fact]
    public async Task When_full_no_session_starts_until_one_has_expired_and_the_expired_are_swept()
    {
        Assert.NotNull(await _sessions.StartAsync(Guid.NewGuid(), SignedInAt, default));
        Assert.NotNull(await _sessions.StartAsync(Guid.NewGuid(), SignedInAt, default));

        Assert.Null(await _sessions.StartAsync(Guid.NewGuid(), SignedInAt + TimeSpan.FromMinutes(1), default));
        Assert.NotNull(await _sessions.StartAsync(Guid.NewGuid(), SignedInAt + ConsoleOptions.Default.SessionLifetime, default));
        // Both expired rows went when the third session started: the live one is all that is left.
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from ledger.console_sessions"));
    }

    [Fact]
    public async Task The_cap_holds_for_processes_signing_in_at_once()
    {
        // Several "processes" (stores of their own on their own pools) racing for the last places of one table.
        var stores = Enumerable.Range(0, 6).Select(_ => database.Sessions(ConsoleOptions.Default with { MaxSessions = 3 }, ownPool: true)).ToList();
        var started = await Task.WhenAll(stores.SelectMany(s => Enumerable.Range(0, 3).Select(_ => s.StartAsync(Guid.NewGuid(), SignedInAt, default))));

        Assert.Equal(3, started.Count(t => t is not null));
        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from ledger.console_sessions"));
    }

    [Fact]
    public async Task Two_sessions_of_one_credential_have_different_tokens_and_handles()
    {
        var credential = Guid.NewGuid();
        var first = (await _sessions.StartAsync(credential, SignedInAt, default))!;
        var second = (await _sessions.StartAsync(credential, SignedInAt, default))!;

        Assert.NotEqual(first, second);
        Assert.NotEqual((await _sessions.FindAsync(first, SignedInAt, default))!.Handle, (await _sessions.FindAsync(second, SignedInAt, default))!.Handle);
    }

    [Fact]
    public async Task The_table_holds_the_tokens_sha256_and_never_the_token()
    {
        var credential = Guid.NewGuid();
        var token = (await _sessions.StartAsync(credential, SignedInAt, default))!;

        Assert.Equal(43, token.Length); // 256 bits, base64url without padding
        var stored = await database.ScalarAsync<byte[]>("select token_hash from ledger.console_sessions where credential_id = $1", credential);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from ledger.console_sessions t where strpos(row_to_json(t)::text, $1) > 0", token));
        Assert.Equal((SignedInAt + ConsoleOptions.Default.SessionLifetime).UtcDateTime,
            await database.ScalarAsync<DateTime>("select expires_at from ledger.console_sessions where credential_id = $1", credential));
    }

    /// <summary>A migrated database; the sessions run as the runtime role, as the service does.</summary>
    public sealed class SessionDatabase : IAsyncLifetime
    {
        private TestDatabase _database = null!;
        private NpgsqlDataSource _runtime = null!;
        private readonly List<NpgsqlDataSource> _pools = [];

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync("ledger_sessions");
            TestService.Migrate(_database.ConnectionString, _database.RuntimeConnectionString);
            _runtime = NpgsqlDataSource.Create(_database.RuntimeConnectionString);
        }

        public string RuntimeConnectionString => _database.RuntimeConnectionString;

        public ConsoleSessions Sessions(ConsoleOptions options, bool ownPool = false)
        {
            var pool = _runtime;
            if (ownPool)
            {
                pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.RuntimeConnectionString) { ApplicationName = $"p{_pools.Count}" }.ConnectionString);
                _pools.Add(pool);
            }
            return new ConsoleSessions(pool, options, MartenSetup.DefaultSchema);
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var cmd = _runtime.CreateCommand(sql);
            await cmd.ExecuteNonQueryAsync();
        }

        public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
        {
            await using var cmd = _runtime.CreateCommand(sql);
            foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
            return (T)(await cmd.ExecuteScalarAsync())!;
        }

        public async Task DisposeAsync()
        {
            foreach (var pool in _pools) await pool.DisposeAsync();
            await _runtime.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
