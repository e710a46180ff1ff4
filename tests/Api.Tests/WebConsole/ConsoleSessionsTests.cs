using Ledger.Api.WebConsole;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The server's side of a console session: its expiry, its end, and tokens it never issued.</summary>
public sealed class ConsoleSessionsTests
{
    private static readonly DateTimeOffset SignedInAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly ConsoleSessions _sessions = new(ConsoleOptions.Default with { MaxSessions = 2 });

    [Fact]
    public void A_session_lives_until_its_lifetime_ends_and_not_an_instant_longer()
    {
        var credential = Guid.NewGuid();
        var token = _sessions.Start(credential, SignedInAt)!;

        Assert.Equal(credential, _sessions.Find(token, SignedInAt + ConsoleOptions.Default.SessionLifetime - TimeSpan.FromSeconds(1))!.CredentialId);
        Assert.Null(_sessions.Find(token, SignedInAt + ConsoleOptions.Default.SessionLifetime));
        // Expired is gone: turning the clock back does not revive it.
        Assert.Null(_sessions.Find(token, SignedInAt));
    }

    [Fact]
    public void An_ended_session_a_forged_token_and_an_oversized_one_find_nothing()
    {
        var token = _sessions.Start(Guid.NewGuid(), SignedInAt)!;
        _sessions.End(token);

        Assert.Null(_sessions.Find(token, SignedInAt));
        Assert.Null(_sessions.Find("forged", SignedInAt));
        Assert.Null(_sessions.Find(new string('a', 5000), SignedInAt));
        Assert.Null(_sessions.Find(null, SignedInAt));
    }

    [Fact]
    public void When_full_no_session_starts_until_one_has_expired()
    {
        Assert.NotNull(_sessions.Start(Guid.NewGuid(), SignedInAt));
        Assert.NotNull(_sessions.Start(Guid.NewGuid(), SignedInAt));

        Assert.Null(_sessions.Start(Guid.NewGuid(), SignedInAt + TimeSpan.FromMinutes(1)));
        Assert.NotNull(_sessions.Start(Guid.NewGuid(), SignedInAt + ConsoleOptions.Default.SessionLifetime));
    }

    [Fact]
    public void Two_sessions_of_one_credential_have_different_tokens_and_handles()
    {
        var credential = Guid.NewGuid();
        var first = _sessions.Start(credential, SignedInAt)!;
        var second = _sessions.Start(credential, SignedInAt)!;

        Assert.NotEqual(first, second);
        Assert.NotEqual(_sessions.Find(first, SignedInAt)!.Handle, _sessions.Find(second, SignedInAt)!.Handle);
    }
}
