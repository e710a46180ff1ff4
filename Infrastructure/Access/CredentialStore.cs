using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Access;

/// <summary>An accepted credential: who is calling and as what. Never carries the token.</summary>
public sealed record Credential(Guid Id, string Name, Role Role, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Accepted at <paramref name="now"/>: not revoked and not expired by then (both ends take effect at their instant).</summary>
    public bool AcceptedAt(DateTimeOffset now) => !(RevokedAt <= now) && !(ExpiresAt <= now);

    /// <summary>What events caused by this caller record as their actor: <c>operator:{name}</c> or <c>auditor:{name}</c>.</summary>
    public Actor Actor => new(Role.Name(), Name);
}

/// <summary>A new credential and its token, which is shown this once and stored only as a hash.</summary>
public sealed record IssuedCredential(Credential Credential, string Token);

public sealed class CredentialNameTaken(string name) : Exception($"A credential named '{name}' already exists (names are never reused, revoked ones included).");

/// <summary>
/// Issues, revokes and looks up bearer credentials. The row and the event recording it commit in one
/// transaction, so the history always shows who was given access, by whom, and when it ended.
/// </summary>
public sealed class CredentialStore(IDocumentStore store, NpgsqlDataSource dataSource, string schema)
{
    public const string TokenPrefix = "lgr_";
    public const int MaxNameLength = 100;

    /// <summary>32 random bytes, base64url, with a prefix that secret scanners and people can recognise.</summary>
    public static string NewToken() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the token's UTF-8 bytes: a 256-bit random token needs no salt or slow hash.</summary>
    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');

    public async Task<IssuedCredential> IssueAsync(string name, Role role, DateTimeOffset? expiresAt, CommandContext context, CancellationToken ct)
    {
        var token = NewToken();
        return new IssuedCredential(await IssueWithTokenAsync(token, name, role, expiresAt, context, ct), token);
    }

    /// <summary>Records <paramref name="token"/> (the caller made it) under <paramref name="name"/>.</summary>
    public async Task<Credential> IssueWithTokenAsync(string token, string name, Role role, DateTimeOffset? expiresAt, CommandContext context,
        CancellationToken ct)
    {
        if (!IsValidName(name)) throw new ArgumentException($"A credential name is 1 to {MaxNameLength} of A-Z a-z 0-9 - _ . @.", nameof(name));
        if (expiresAt <= context.Now) throw new ArgumentOutOfRangeException(nameof(expiresAt), "A credential must expire after it is issued.");
        var id = Guid.CreateVersion7(context.Now);
        var credential = new Credential(id, name, role, context.Now, null, expiresAt);
        await using var session = Session(context);
        session.Events.StartStream(id, new CredentialIssued(id, name, role, context.Now, expiresAt));
        session.QueueSqlCommand(
            $"insert into {schema}.{AccessSchema.Credentials} (credential_id, token_hash, name, role, issued_at, issued_by, expires_at) values (?, ?, ?, ?, ?, ?, ?)",
            id, HashOf(token), name, role.Name(), context.Now.ToUniversalTime(), context.Actor.ToString(), (object?)expiresAt?.ToUniversalTime() ?? DBNull.Value);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new CredentialNameTaken(name);
        }
        return credential;
    }

    /// <summary>Ends a credential now, and its console sessions. False when there is no such credential or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid credentialId, CommandContext context, CancellationToken ct)
    {
        await using var session = Session(context);
        // A credential's stream is its issue (version 1) and at most one revocation: appending at version 2
        // makes a second, concurrent revocation fail instead of recording the end twice.
        var stream = await session.Events.FetchStreamStateAsync(credentialId, ct);
        if (stream is not { Version: 1 }) return false;
        session.Events.Append(credentialId, 2, new CredentialRevoked(credentialId, context.Now));
        session.QueueSqlCommand($"update {schema}.{AccessSchema.Credentials} set revoked_at = ?, revoked_by = ? where credential_id = ?",
            context.Now.ToUniversalTime(), context.Actor.ToString(), credentialId);
        // Its console sessions end with it. Every request looks the credential up again and would refuse them anyway; this
        // leaves no row behind that a later mistake in that check could bring back to life.
        session.QueueSqlCommand($"delete from {schema}.{ConsoleSchema.Sessions} where credential_id = ?", credentialId);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException || IsUniqueViolation(e))
        {
            return false;
        }
        return true;
    }

    /// <summary>The credential whose token this is, revoked or not; null for a token nobody issued.</summary>
    public async Task<Credential?> FindByTokenAsync(string token, CancellationToken ct) =>
        await FindAsync("token_hash", HashOf(token), ct);

    public async Task<Credential?> FindAsync(Guid credentialId, CancellationToken ct) =>
        await FindAsync("credential_id", credentialId, ct);

    /// <summary>Every credential, revoked ones included, oldest first.</summary>
    public async Task<IReadOnlyList<Credential>> ListAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select {Columns} from {schema}.{AccessSchema.Credentials} order by issued_at, name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var all = new List<Credential>();
        while (await reader.ReadAsync(ct))
            if (Read(reader) is { } credential) all.Add(credential);
        return all;
    }

    private const string Columns = "credential_id, name, role, issued_at, revoked_at, expires_at";

    private async Task<Credential?> FindAsync(string column, object value, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select {Columns} from {schema}.{AccessSchema.Credentials} where {column} = $1");
        cmd.Parameters.AddWithValue(value);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static Credential? Read(NpgsqlDataReader reader) =>
        // A role this build does not know grants nothing.
        Roles.TryParse(reader.GetString(2), out var role)
            ? new Credential(reader.GetGuid(0), reader.GetString(1), role, reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5))
            : null;

    private IDocumentSession Session(CommandContext context)
    {
        var session = store.LightweightSession();
        session.CorrelationId = context.CorrelationId;
        session.LastModifiedBy = context.Actor.ToString();
        session.SetHeader(EventHeaders.Actor, context.Actor.ToString());
        session.SetHeader(EventHeaders.RequestId, context.RequestId);
        session.SetHeader(EventHeaders.IdempotencyKey, context.IdempotencyKey);
        return session;
    }

    private static bool IsUniqueViolation(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
            if (x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}
