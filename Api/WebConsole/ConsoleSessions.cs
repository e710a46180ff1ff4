using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Ledger.Infrastructure.Access;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Api.WebConsole;

/// <summary>A signed-in console: whose credential, until when, and the handle its forms' CSRF tokens are bound to.</summary>
public sealed record ConsoleSession(Guid CredentialId, DateTimeOffset ExpiresAt, string Handle);

/// <summary>
/// The console's sessions, kept on the server: the cookie holds only a random 256-bit token, the server only its SHA-256,
/// and the expiry is the server's, so neither a copied nor an edited cookie outlives the session or its sign-out. Kept in
/// PostgreSQL (<see cref="ConsoleSchema.Sessions"/>), so every API process on the database knows every session: a browser
/// may be served by any of them, and a restart signs nobody out.
/// </summary>
public sealed class ConsoleSessions(NpgsqlDataSource dataSource, ConsoleOptions options, string schema)
{
    /// <summary>The longest cookie value looked up; a token is 43 characters, anything far longer is not ours.</summary>
    private const int MaxTokenLength = 100;

    private string Table => $"{schema}.{ConsoleSchema.Sessions}";

    /// <summary>
    /// A new session's token (for the cookie, never stored), or null when the database holds as many live sessions as
    /// the service may keep (<see cref="ConsoleOptions.MaxSessions"/>, for all processes together).
    /// </summary>
    public async Task<string?> StartAsync(Guid credentialId, DateTimeOffset now, CancellationToken ct)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var handle = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Counting and inserting under one lock: two processes signing in at once cannot both take the last place.
        await ExecuteAsync(connection, tx, "select pg_advisory_xact_lock($1)", ct, Infrastructure.Audit.AuditSchema.LockKey(schema, "console-sessions"));
        await ExecuteAsync(connection, tx, $"delete from {Table} where expires_at <= $1", ct, At(now));
        await using (var count = new NpgsqlCommand($"select count(*) from {Table}", connection, tx))
            if ((long)(await count.ExecuteScalarAsync(ct))! >= options.MaxSessions) return null;
        await ExecuteAsync(connection, tx, $"insert into {Table} (token_hash, credential_id, handle, expires_at) values ($1, $2, $3, $4)", ct,
            HashOf(token), credentialId, handle, At(now + options.SessionLifetime));
        await tx.CommitAsync(ct);
        return token;
    }

    /// <summary>The live session of <paramref name="token"/>; an expired one is deleted on the way.</summary>
    public async Task<ConsoleSession?> FindAsync(string? token, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return null;
        var hash = HashOf(token);
        ConsoleSession? session;
        await using (var cmd = dataSource.CreateCommand($"select credential_id, expires_at, handle from {Table} where token_hash = $1"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = hash });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            session = new ConsoleSession(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
        }
        if (session.ExpiresAt > now) return session;
        await DeleteAsync(hash, ct);
        return null;
    }

    public async Task EndAsync(string? token, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(token) && token.Length <= MaxTokenLength) await DeleteAsync(HashOf(token), ct);
    }

    private async Task DeleteAsync(byte[] hash, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"delete from {Table} where token_hash = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = hash });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in values) cmd.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter At(DateTimeOffset instant) => new() { Value = instant.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    /// <summary>SHA-256 of the token's UTF-8 bytes: a 256-bit random token needs no salt or slow hash.</summary>
    private static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
