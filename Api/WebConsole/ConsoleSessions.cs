using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Api.WebConsole;

/// <summary>A signed-in console: whose credential, until when, and the handle its forms' CSRF tokens are bound to.</summary>
public sealed record ConsoleSession(Guid CredentialId, DateTimeOffset ExpiresAt, string Handle);

/// <summary>
/// The console's sessions, kept on the server: the cookie holds only a random 256-bit token, the server only its SHA-256,
/// and the expiry is the server's, so neither a copied nor an edited cookie outlives the session or its sign-out. Held
/// in memory: a restart signs everybody out, and several instances behind one address need sticky sessions.
/// </summary>
public sealed class ConsoleSessions(ConsoleOptions options)
{
    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new();

    /// <summary>A new session's token (for the cookie, never stored), or null when the service holds as many as it may.</summary>
    public string? Start(Guid credentialId, DateTimeOffset now)
    {
        if (_sessions.Count >= options.MaxSessions) Sweep(now);
        if (_sessions.Count >= options.MaxSessions) return null;
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _sessions[HashOf(token)] = new ConsoleSession(credentialId, now + options.SessionLifetime, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        return token;
    }

    /// <summary>The live session of <paramref name="token"/>; an expired one is forgotten on the way.</summary>
    public ConsoleSession? Find(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var key = HashOf(token);
        if (!_sessions.TryGetValue(key, out var session)) return null;
        if (session.ExpiresAt > now) return session;
        _sessions.TryRemove(key, out _);
        return null;
    }

    public void End(string? token)
    {
        if (!string.IsNullOrEmpty(token) && token.Length <= 100) _sessions.TryRemove(HashOf(token), out _);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, session) in _sessions)
            if (session.ExpiresAt <= now) _sessions.TryRemove(key, out _);
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

}
