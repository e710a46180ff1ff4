using System.Security.Cryptography;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Terminals;

/// <summary>A key as the verifier needs it: whose it is, its secret, and until when it is accepted (null: no end).</summary>
public sealed record TerminalKey(string KeyId, Guid TerminalId, string Secret, DateTimeOffset? ValidUntil);

/// <summary>
/// What the nonce's round trip found: whether the nonce was new, whether the key is still valid (its row read in that round
/// trip, not remembered), and the key's terminal and its merchant as they stand.
/// </summary>
public sealed record NonceUse(bool NonceNew, bool KeyValid, Terminal? Terminal, Merchant? Merchant);

/// <summary>The key id was already used (a repeated issuing request): its secret was shown once and is not shown again.</summary>
public sealed class TerminalKeyAlreadyIssued(string keyId) : Exception(
    $"Key {keyId} was already issued; its secret is shown only once. If that answer was lost, rotate again with a new " +
    $"Idempotency-Key: key {keyId} then ends with that rotation's overlap, like every earlier key of the terminal.");

/// <summary>
/// Issues, rotates and looks up terminal signing keys. The sealed secret and the event naming its key id
/// commit in one transaction, so there is never a key without its record or a record without its key.
/// </summary>
public sealed class TerminalKeyStore(IDocumentStore store, NpgsqlDataSource dataSource, SecretSealer sealer, string schema,
    TerminalKeyCache? cache = null, bool batchNonces = false) : IAsyncDisposable
{
    private readonly TerminalKeyCache _cache = cache ?? TerminalKeyCache.Off;
    private readonly NonceBatcher? _nonces = batchNonces ? new NonceBatcher(dataSource, store, schema) : null;

    /// <summary>Creates key <paramref name="keyId"/>. With <paramref name="oldKeysValidUntil"/> it is a rotation:
    /// the terminal's other keys stop being accepted at that time (at the latest).</summary>
    /// <returns>The secret, which nobody can read again afterwards.</returns>
    public async Task<string> IssueAsync(Guid terminalId, string keyId, CommandContext context, DateTimeOffset? oldKeysValidUntil, CancellationToken ct)
    {
        // 32 random bytes; the client uses this text's ASCII bytes as the HMAC key.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var session = store.LightweightSession();
        session.CorrelationId = context.CorrelationId;
        session.LastModifiedBy = context.Actor.ToString();
        session.SetHeader(EventHeaders.Actor, context.Actor.ToString());
        session.SetHeader(EventHeaders.RequestId, context.RequestId);
        session.SetHeader(EventHeaders.IdempotencyKey, context.IdempotencyKey);

        var now = context.Now.ToUniversalTime();
        if (oldKeysValidUntil is { } until)
        {
            session.QueueSqlCommand(
                $"update {schema}.{TerminalCredentialSchema.Keys} set valid_until = ? where terminal_id = ? and key_id <> ? and (valid_until is null or valid_until > ?)",
                until.ToUniversalTime(), terminalId, keyId, until.ToUniversalTime());
            session.Events.Append(terminalId, new TerminalKeyRotated(terminalId, keyId, until, context.Now));
        }
        else
        {
            session.Events.Append(terminalId, new TerminalKeyIssued(terminalId, keyId, context.Now));
        }
        session.QueueSqlCommand(
            $"insert into {schema}.{TerminalCredentialSchema.Keys} (key_id, terminal_id, sealed_secret, issued_at) values (?, ?, ?, ?)",
            keyId, terminalId, sealer.Seal(keyId, System.Text.Encoding.ASCII.GetBytes(secret)), now);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new TerminalKeyAlreadyIssued(keyId);
        }
        if (oldKeysValidUntil is not null) _cache.ForgetTerminal(terminalId);
        return secret;
    }

    public async Task<bool> ExistsAsync(string keyId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select 1 from {schema}.{TerminalCredentialSchema.Keys} where key_id = $1");
        cmd.Parameters.AddWithValue(keyId);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<TerminalKey?> FindAsync(string keyId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"select terminal_id, sealed_secret, valid_until from {schema}.{TerminalCredentialSchema.Keys} where key_id = $1");
        cmd.Parameters.AddWithValue(keyId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var secret = System.Text.Encoding.ASCII.GetString(sealer.Open(keyId, reader.GetFieldValue<byte[]>(1)));
        return new TerminalKey(keyId, reader.GetGuid(0), secret, reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>
    /// The key as read within <see cref="TerminalKeyCache"/>'s lifetime, else from the table. Its end may be stale:
    /// <see cref="UseNonceAndReadTerminalAsync"/> reads it again, and only that answer admits a request.
    /// </summary>
    public async Task<TerminalKey?> FindRememberedAsync(string keyId, DateTimeOffset now, CancellationToken ct)
    {
        if (_cache.Find(keyId, now) is { } remembered) return remembered;
        var key = await FindAsync(keyId, ct);
        if (key is not null) _cache.Remember(key, now);
        return key;
    }

    /// <summary>
    /// Records a nonce for a key (NonceNew false: it was seen before, a replay) and reads, in the same round trip, the key's
    /// end as it stands, its terminal and that terminal's merchant. The caller looks at the terminal and merchant only when
    /// the nonce was new, so that a replay learns nothing about them. With nonces batched, requests that arrive together
    /// share that round trip and its commit (<see cref="NonceBatcher"/>).
    /// </summary>
    public async Task<NonceUse> UseNonceAndReadTerminalAsync(string keyId, string nonce, DateTimeOffset expiresAt, DateTimeOffset now,
        CancellationToken ct)
    {
        var claim = new NonceClaim(keyId, nonce, expiresAt, now, ct);
        if (_nonces is not null) return await _nonces.UseAsync(claim);
        await NonceRound.RunAsync(dataSource, store, schema, [claim], ct);
        return await claim.Answer.Task;
    }

    /// <summary>Nonce round trips made and the requests they carried, when nonces are batched (else zero).</summary>
    public (long Rounds, long Requests) NonceRounds => _nonces is null ? (0, 0) : (_nonces.Rounds, _nonces.Claims);

    public ValueTask DisposeAsync() => _nonces?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static bool IsUniqueViolation(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
            if (x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}
