using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Terminals;

/// <summary>
/// Signed requests that arrive together use up their nonces in one round trip and one commit. What must not change:
/// a nonce is committed before its request is admitted, one request sent many times at once (to one node or to two) is
/// admitted once, and each request is answered for its own key, terminal and merchant.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class NonceBatchingTests(LedgerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(6);
    private readonly List<TerminalKeyStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task Attack_one_signed_request_sent_twenty_times_in_one_round_is_admitted_once()
    {
        var keys = Batched();
        var (keyId, terminalId, merchantId) = await KeyAsync(keys);
        var nonce = Guid.NewGuid().ToString("N");

        var answers = await InOneRoundAsync(keys, keyId, Enumerable.Repeat(nonce, 20).Select(n => (keyId, n)).ToArray());

        Assert.Single(answers, a => a.NonceNew);
        Assert.All(answers, a => Assert.True(a.KeyValid));
        var admitted = answers.Single(a => a.NonceNew);
        Assert.Equal((terminalId, merchantId), (admitted.Terminal!.Id, admitted.Merchant!.Id));
        Assert.Equal(1, await NonceRowsAsync(keyId, nonce));
    }

    [Fact]
    public async Task Attack_one_signed_request_sent_to_two_service_instances_at_once_is_admitted_once()
    {
        var (one, two) = (Batched(), Batched());
        var (keyId, _, _) = await KeyAsync(one);
        var nonce = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).UseNonceAndReadTerminalAsync(keyId, nonce, now + Window, now, default))));

        Assert.Single(answers, a => a.NonceNew);
    }

    [Fact]
    public async Task Attack_the_same_requests_replayed_at_two_instances_in_opposite_orders_do_not_deadlock_their_rounds()
    {
        // Two instances inserting the same fresh nonces in opposite orders would each wait for rows the other has not
        // committed: PostgreSQL ends one round after a second and every request in it fails, replayed or not. Rows go in
        // key and nonce order, so one round waits for the other and neither for both.
        var (one, two) = (Batched(), Batched());
        var (keyId, _, _) = await KeyAsync(one);
        // 63 and the held one: each instance takes them in one round (up to 64).
        var claims = Enumerable.Range(0, 63).Select(i => (keyId, $"n{i:00}")).ToArray();
        // The middle nonce held by a third transaction stops each round halfway: without an order, each has then inserted
        // the half the other still needs.
        var middle = await HoldNonceAsync(keyId, claims[claims.Length / 2].Item2);
        var ascending = await QueueBehindHeldRoundAsync(one, keyId, claims);
        var descending = await QueueBehindHeldRoundAsync(two, keyId, claims.Reverse().ToArray());
        await ascending.ReleaseAsync();
        await descending.ReleaseAsync();
        // Both rounds of the queued claims wait: on the middle nonce, or one on the other's rows.
        await WaitForBlockedRoundsAsync(2);
        await middle.Transaction.RollbackAsync();
        await middle.DisposeAsync();

        var answers = (await ascending.AnswersAsync()).Concat(await descending.AnswersAsync()).ToArray();

        Assert.Equal(claims.Length, answers.Count(a => a.NonceNew));
    }

    [Fact]
    public async Task Sixteen_tills_sending_fifty_requests_each_are_all_answered_and_share_rounds()
    {
        // Whoever finds no round running makes the rounds and then hands the queue to a drain: no request may be left
        // queued with nobody making rounds, whatever the interleaving.
        var keys = Batched();
        var tills = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => KeyAsync(keys)));
        var before = keys.NonceRounds;
        var now = DateTimeOffset.UtcNow;

        var answers = await Task.WhenAll(tills.Select(till => Task.Run(async () =>
        {
            var mine = new List<NonceUse>();
            for (var i = 0; i < 50; i++)
                mine.Add(await keys.UseNonceAndReadTerminalAsync(till.KeyId, Guid.NewGuid().ToString("N"), now + Window, now, default));
            return mine;
        }))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(answers.SelectMany(a => a), a => Assert.True(a.NonceNew && a.KeyValid));
        var (rounds, requests) = (keys.NonceRounds.Rounds - before.Rounds, keys.NonceRounds.Requests - before.Requests);
        Assert.Equal(800, requests);
        Assert.True(rounds < requests, $"{rounds} rounds for {requests} requests: none shared a commit");
    }

    [Fact]
    public async Task A_round_answers_each_request_for_its_own_key_and_a_nonce_is_its_keys_alone()
    {
        var keys = Batched();
        var (a, terminalA, merchantA) = await KeyAsync(keys);
        var (b, terminalB, merchantB) = await KeyAsync(keys);
        // Key c was ended by a rotation a minute ago: its requests are refused whatever their nonce.
        var (c, terminalC, _) = await KeyAsync(keys);
        await keys.IssueAsync(terminalC, "tk_" + Guid.NewGuid().ToString("N"), LedgerFixture.Context(), DateTimeOffset.UtcNow.AddMinutes(-1), default);
        var shared = Guid.NewGuid().ToString("N");

        var answers = await InOneRoundAsync(keys, a, [(a, shared), (b, shared), (c, Guid.NewGuid().ToString("N")), ("tk_unknown", shared)]);

        Assert.Equal((true, true, terminalA, merchantA), (answers[0].NonceNew, answers[0].KeyValid, answers[0].Terminal!.Id, answers[0].Merchant!.Id));
        Assert.Equal((true, true, terminalB, merchantB), (answers[1].NonceNew, answers[1].KeyValid, answers[1].Terminal!.Id, answers[1].Merchant!.Id));
        Assert.False(answers[2].KeyValid);
        Assert.Equal((false, null), (answers[3].KeyValid, answers[3].Terminal));
    }

    [Fact]
    public async Task A_round_that_fails_admits_none_of_its_requests_and_the_next_round_is_made()
    {
        var keys = Batched();
        var (keyId, _, _) = await KeyAsync(keys);
        var now = DateTimeOffset.UtcNow;
        var blocked = Guid.NewGuid().ToString("N");
        var failed = Guid.NewGuid().ToString("N");

        // The round's backend is ended while it waits on another transaction's insert of the same nonce.
        await using var blocker = await HoldNonceAsync(keyId, blocked);
        var first = keys.UseNonceAndReadTerminalAsync(keyId, blocked, now + Window, now, default);
        await WaitForBlockedRoundsAsync(1, blocker.Connection.ProcessID);
        var second = keys.UseNonceAndReadTerminalAsync(keyId, failed, now + Window, now, default);
        await EndBlockedRoundAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => first);
        Assert.True((await second).NonceNew, "the request queued behind the failed round was not admitted");
        // Nothing of the failed round was committed: its nonce was never used, so a request carrying it is the first.
        await blocker.Transaction.RollbackAsync();
        Assert.True((await keys.UseNonceAndReadTerminalAsync(keyId, blocked, now + Window, now, default)).NonceNew);
    }

    private TerminalKeyStore Batched()
    {
        var store = new TerminalKeyStore(fixture.Store, fixture.Services.GetRequiredKeyedService<NpgsqlDataSource>(LedgerDataSource.PlainStatements),
            new SecretSealer(Enumerable.Repeat((byte)9, 32).ToArray()), MartenSetup.DefaultSchema, batchNonces: true);
        _stores.Add(store);
        return store;
    }

    private async Task<(string KeyId, Guid TerminalId, Guid MerchantId)> KeyAsync(TerminalKeyStore keys)
    {
        var (merchantId, terminalId) = await fixture.MerchantWithTerminalAsync();
        var keyId = "tk_" + Guid.NewGuid().ToString("N");
        await keys.IssueAsync(terminalId, keyId, LedgerFixture.Context(), null, default);
        return (keyId, terminalId, merchantId);
    }

    /// <summary>
    /// Holds the batcher's round on a row lock (another transaction's uncommitted insert of a nonce), queues
    /// <paramref name="claims"/> behind it, then lets it go: the claims travel together in the next round.
    /// </summary>
    private async Task<NonceUse[]> InOneRoundAsync(TerminalKeyStore keys, string keyId, (string KeyId, string Nonce)[] claims)
    {
        var before = keys.NonceRounds;
        var round = await QueueBehindHeldRoundAsync(keys, keyId, claims);
        await round.ReleaseAsync();
        var answers = await round.AnswersAsync();
        // The held round and one more, which carried every queued claim.
        Assert.Equal((2L, claims.Length + 1L), (keys.NonceRounds.Rounds - before.Rounds, keys.NonceRounds.Requests - before.Requests));
        return answers;
    }

    /// <summary>A round held on a row lock and the claims queued behind it.</summary>
    private sealed record HeldRound(HeldNonce Blocker, Task<NonceUse> Held, Task<NonceUse>[] Queued)
    {
        public async Task ReleaseAsync()
        {
            await Blocker.Transaction.RollbackAsync();
            await Blocker.DisposeAsync();
        }

        public async Task<NonceUse[]> AnswersAsync()
        {
            // A claim left queued with nobody making rounds would wait forever: fail instead.
            Assert.True((await Held.WaitAsync(TimeSpan.FromMinutes(1))).NonceNew);
            return await Task.WhenAll(Queued).WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    private async Task<HeldRound> QueueBehindHeldRoundAsync(TerminalKeyStore keys, string keyId, (string KeyId, string Nonce)[] claims)
    {
        var now = DateTimeOffset.UtcNow;
        var holding = Guid.NewGuid().ToString("N");
        var blocker = await HoldNonceAsync(keyId, holding);
        var held = keys.UseNonceAndReadTerminalAsync(keyId, holding, now + Window, now, default);
        await WaitForBlockedRoundsAsync(1, blocker.Connection.ProcessID);
        return new HeldRound(blocker, held, claims.Select(c => keys.UseNonceAndReadTerminalAsync(c.KeyId, c.Nonce, now + Window, now, default)).ToArray());
    }

    private sealed record HeldNonce(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }

    private async Task<HeldNonce> HoldNonceAsync(string keyId, string nonce)
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(
            $"insert into {MartenSetup.DefaultSchema}.{TerminalCredentialSchema.Nonces} (key_id, nonce, expires_at) values ($1, $2, now() + interval '6 minutes')",
            connection, transaction);
        insert.Parameters.AddWithValue(keyId);
        insert.Parameters.AddWithValue(nonce);
        await insert.ExecuteNonQueryAsync();
        return new HeldNonce(connection, transaction);
    }

    private const string BlockedRound =
        "from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into ledger.terminal_nonces%unnest%'";

    /// <summary>Until <paramref name="count"/> nonce rounds wait on a lock (held by <paramref name="holder"/>, if given).</summary>
    private async Task WaitForBlockedRoundsAsync(int count, int? holder = null)
    {
        // A round let go a moment ago may still show its wait, but no longer whom it waits for.
        var blocked = holder is { } pid ? $"{pid} = any(pg_blocking_pids(pid))" : "cardinality(pg_blocking_pids(pid)) > 0";
        for (var i = 0; i < 500; i++)
        {
            if (await ScalarAsync($"select count(*) {BlockedRound} and {blocked}") >= count) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"fewer than {count} nonce rounds ever waited ({blocked})");
    }

    private Task EndBlockedRoundAsync() => ScalarAsync($"select count(pg_terminate_backend(pid)) {BlockedRound}");

    private Task<long> NonceRowsAsync(string keyId, string nonce) => ScalarAsync(
        $"select count(*) from {MartenSetup.DefaultSchema}.{TerminalCredentialSchema.Nonces} where key_id = $1 and nonce = $2", keyId, nonce);

    private async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.AddWithValue(value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
