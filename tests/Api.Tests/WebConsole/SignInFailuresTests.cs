using Ledger.Api.WebConsole;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The sign-in form's failure window per client address, on a clock the test moves.</summary>
public sealed class SignInFailuresTests
{
    private readonly TestClock _clock = new() { FrozenAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero) };
    private readonly SignInFailures _failures;

    public SignInFailuresTests() => _failures = new SignInFailures(ConsoleOptions.Default with { SignInFailuresPerMinute = 3 }, _clock);

    [Fact]
    public void After_the_allowed_failures_an_address_waits_for_the_window_to_end_and_others_do_not()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True(_failures.MayTry("10.0.0.1"));
            _failures.Failed("10.0.0.1");
        }
        Assert.False(_failures.MayTry("10.0.0.1"));
        Assert.True(_failures.MayTry("10.0.0.2"));

        _clock.FrozenAt += TimeSpan.FromSeconds(59);
        Assert.False(_failures.MayTry("10.0.0.1"));
        _clock.FrozenAt += TimeSpan.FromSeconds(1);
        Assert.True(_failures.MayTry("10.0.0.1"));
        _failures.Failed("10.0.0.1");
        Assert.True(_failures.MayTry("10.0.0.1"));
    }
}
