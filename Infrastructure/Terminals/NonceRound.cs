using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Terminals;

/// <summary>One signed request's nonce, waiting for the round trip that uses it up.</summary>
internal sealed class NonceClaim(string keyId, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken callerToken)
{
    public string KeyId { get; } = keyId;
    public string Nonce { get; } = nonce;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public DateTimeOffset Now { get; } = now;
    public CancellationToken CallerToken { get; } = callerToken;
    public TaskCompletionSource<NonceUse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// One round trip and one commit for the nonces of any number of requests: one insert of them all, one read of their
/// keys' ends, terminals and merchants. Its answers are given only once that round trip's implicit transaction has
/// committed, so a nonce is durable before its request goes on. A key and nonce that appear twice are one request sent
/// twice: only the first may be new, the second is a replay whatever the table says.
/// </summary>
internal static class NonceRound
{
    /// <summary>Expired nonces can go (their timestamps are refused before this check): about one round in this many
    /// per request purges them.</summary>
    private const int PurgeOneIn = 64;

    public static async Task RunAsync(NpgsqlDataSource dataSource, IDocumentStore store, string schema, IReadOnlyList<NonceClaim> claims,
        CancellationToken ct)
    {
        var firsts = new HashSet<(string, string)>();
        var keyIds = new List<string>();
        var nonces = new List<string>();
        var expiries = new List<DateTimeOffset>();
        foreach (var claim in claims)
        {
            if (!firsts.Add((claim.KeyId, claim.Nonce))) continue;
            keyIds.Add(claim.KeyId);
            nonces.Add(claim.Nonce);
            expiries.Add(claim.ExpiresAt.ToUniversalTime());
        }

        await using var batch = dataSource.CreateBatch();
        // In key and nonce order: two nodes inserting the same fresh nonces (one request replayed at both) then wait one for
        // the other, never each for the other (a deadlock would fail every request in both rounds).
        var insert = new NpgsqlBatchCommand(
            $"insert into {schema}.{TerminalCredentialSchema.Nonces} (key_id, nonce, expires_at) " +
            "select * from unnest($1::text[], $2::text[], $3::timestamptz[]) as u(key_id, nonce, expires_at) order by key_id, nonce " +
            "on conflict do nothing returning key_id, nonce");
        insert.Parameters.Add(new NpgsqlParameter { Value = keyIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = nonces.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = expiries.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(insert);
        // Each key's row as it stands now (another node may have ended it), then the snapshots Marten keeps inline: the
        // key's terminal, and the merchant by the id the terminal's document holds.
        var read = new NpgsqlBatchCommand(
            $"select k.key_id, k.valid_until, t.data, m.data from {schema}.{TerminalCredentialSchema.Keys} k " +
            $"left join {DocumentTables.Of(schema, typeof(Terminal))} t on t.id = k.terminal_id " +
            $"left join {DocumentTables.Of(schema, typeof(Merchant))} m on m.id = (t.data ->> 'merchantId')::uuid where k.key_id = any($1)");
        read.Parameters.Add(new NpgsqlParameter { Value = keyIds.Distinct(StringComparer.Ordinal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(read);
        if (Random.Shared.Next(PurgeOneIn) < claims.Count)
        {
            var purge = new NpgsqlBatchCommand($"delete from {schema}.{TerminalCredentialSchema.Nonces} where expires_at < $1");
            purge.Parameters.AddWithValue(claims.Min(c => c.Now).ToUniversalTime());
            batch.BatchCommands.Add(purge);
        }

        var serializer = store.Options.Serializer();
        var inserted = new HashSet<(string, string)>();
        var keys = new Dictionary<string, (DateTimeOffset? ValidUntil, Terminal? Terminal, Merchant? Merchant)>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) inserted.Add((reader.GetString(0), reader.GetString(1)));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                keys[reader.GetString(0)] = (
                    await reader.IsDBNullAsync(1, ct) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                    await reader.IsDBNullAsync(2, ct) ? null : serializer.FromJson<Terminal>(reader, 2),
                    await reader.IsDBNullAsync(3, ct) ? null : serializer.FromJson<Merchant>(reader, 3));
            while (await reader.NextResultAsync(ct)) { }
        }
        // Disposing the reader has run the batch to its end: the implicit transaction has committed.
        foreach (var claim in claims)
        {
            // Removing the pair makes a second claim of it in this round a replay.
            var isNew = inserted.Remove((claim.KeyId, claim.Nonce));
            var use = keys.TryGetValue(claim.KeyId, out var key)
                ? new NonceUse(isNew, key.ValidUntil is not { } until || until > claim.Now, key.Terminal, key.Merchant)
                : new NonceUse(isNew, false, null, null);
            claim.Answer.TrySetResult(use);
        }
    }
}
