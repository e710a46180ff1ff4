using System.Collections.Concurrent;

namespace Ledger.Api.WebConsole;

/// <summary>
/// Wrong tokens at the sign-in form, counted per client address in windows of a minute: after
/// <see cref="ConsoleOptions.SignInFailuresPerMinute"/> failures every sign-in from that address is refused (429) until
/// the window ends, before its token is looked up, so the form cannot be used to test tokens faster than that. Only
/// failures count. The API itself has no such counter (docs/ACCESS.md): a bearer call is not a form a person fills in.
/// </summary>
public sealed class SignInFailures(ConsoleOptions options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    // Far more addresses than an office has; beyond it, windows that have ended are dropped.
    private const int MaxAddresses = 100_000;
    private readonly ConcurrentDictionary<string, Failures> _byAddress = new();

    private sealed record Failures(DateTimeOffset Since, int Count);

    public bool MayTry(string address)
    {
        var now = time.GetUtcNow();
        return !_byAddress.TryGetValue(address, out var failures) || failures.Since + Window <= now
            || failures.Count < options.SignInFailuresPerMinute;
    }

    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        _byAddress.AddOrUpdate(address, _ => new Failures(now, 1),
            (_, f) => f.Since + Window <= now ? new Failures(now, 1) : f with { Count = f.Count + 1 });
        if (_byAddress.Count > MaxAddresses)
            foreach (var (key, f) in _byAddress)
                if (f.Since + Window <= now) _byAddress.TryRemove(key, out _);
    }
}
