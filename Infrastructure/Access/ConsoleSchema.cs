using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Access;

/// <summary>
/// What the browser console keeps between requests, shared by every API process on the database so that any of them
/// serves any signed-in browser (docs/CONSOLE.md, "Session and CSRF"):
/// <list type="bullet">
/// <item>its sessions: the SHA-256 of each cookie's token (never the token), the credential it signed in with, the handle
/// its forms' CSRF tokens are bound to, and the server's expiry;</item>
/// <item>the key ring that protects its antiforgery tokens (ASP.NET Core Data Protection), each key's secret sealed under
/// the master key, so that a form one process rendered is accepted by another and after a restart.</item>
/// </list>
/// Neither is history: a session row is deleted at sign-out, expiry or revocation, and neither belongs in an export.
/// </summary>
public static class ConsoleSchema
{
    public const string Sessions = "console_sessions";
    public const string DataProtectionKeys = "console_data_protection_keys";

    public static IEnumerable<Table> Tables(string schema)
    {
        var sessions = new Table($"{schema}.{Sessions}");
        sessions.AddColumn("token_hash", "bytea").AsPrimaryKey();
        // Revoking a credential deletes its sessions by this (CredentialStore.RevokeAsync).
        sessions.AddColumn<Guid>("credential_id").NotNull().AddIndex();
        sessions.AddColumn<string>("handle").NotNull();
        // The sweep of expired sessions reads by it.
        sessions.AddColumn("expires_at", "timestamptz").NotNull().AddIndex();

        // The key ring as Data Protection writes it: one XML element per key (or revocation), in the order stored.
        var keys = new Table($"{schema}.{DataProtectionKeys}");
        keys.AddColumn<long>("element_id").AsPrimaryKey().BigAutoIncrement();
        keys.AddColumn<string>("friendly_name").NotNull();
        keys.AddColumn<string>("xml").NotNull();

        return [sessions, keys];
    }
}
