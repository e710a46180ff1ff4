using Ledger.Infrastructure.Terminals;

namespace Ledger.Api.Tests.Terminals;

public sealed class TerminalKeyCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static TerminalKey Key(string id, Guid? terminal = null) => new(id, terminal ?? Guid.NewGuid(), "secret-" + id, null);

    [Fact]
    public void A_key_is_remembered_for_its_lifetime_and_not_a_moment_longer()
    {
        var cache = new TerminalKeyCache(Lifetime, 10);
        var key = Key("tk_a");
        cache.Remember(key, T0);

        Assert.Same(key, cache.Find("tk_a", T0 + Lifetime - TimeSpan.FromTicks(1)));
        Assert.Null(cache.Find("tk_a", T0 + Lifetime));
        Assert.Null(cache.Find("tk_a", T0)); // forgotten once found stale
    }

    [Fact]
    public void A_clock_set_back_does_not_keep_an_entry_forever()
    {
        var cache = new TerminalKeyCache(Lifetime, 10);
        cache.Remember(Key("tk_a"), T0);

        Assert.Null(cache.Find("tk_a", T0 - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Key_ids_are_told_apart_exactly()
    {
        var cache = new TerminalKeyCache(Lifetime, 10);
        cache.Remember(Key("tk_a"), T0);

        Assert.Null(cache.Find("TK_A", T0));
        Assert.Null(cache.Find("tk_a ", T0));
    }

    [Fact]
    public void Switched_off_it_remembers_nothing()
    {
        foreach (var cache in new[] { TerminalKeyCache.Off, new TerminalKeyCache(TimeSpan.Zero, 10), new TerminalKeyCache(Lifetime, 0) })
        {
            cache.Remember(Key("tk_a"), T0);
            Assert.Null(cache.Find("tk_a", T0));
        }
    }

    [Fact]
    public void When_full_it_sweeps_stale_entries_and_otherwise_adds_nothing()
    {
        var cache = new TerminalKeyCache(Lifetime, 2);
        cache.Remember(Key("tk_old"), T0);
        cache.Remember(Key("tk_b"), T0 + TimeSpan.FromSeconds(30));

        cache.Remember(Key("tk_full"), T0 + TimeSpan.FromSeconds(40));
        Assert.Null(cache.Find("tk_full", T0 + TimeSpan.FromSeconds(40)));

        var later = T0 + TimeSpan.FromSeconds(61); // tk_old is stale now, tk_b is not
        cache.Remember(Key("tk_c"), later);
        Assert.NotNull(cache.Find("tk_c", later));
        Assert.NotNull(cache.Find("tk_b", later));
        Assert.Null(cache.Find("tk_old", later));
    }

    [Fact]
    public void A_rotation_forgets_every_key_of_that_terminal_only()
    {
        var cache = new TerminalKeyCache(Lifetime, 10);
        var till = Guid.NewGuid();
        cache.Remember(Key("tk_1", till), T0);
        cache.Remember(Key("tk_2", till), T0);
        cache.Remember(Key("tk_other"), T0);

        cache.ForgetTerminal(till);

        Assert.Null(cache.Find("tk_1", T0));
        Assert.Null(cache.Find("tk_2", T0));
        Assert.NotNull(cache.Find("tk_other", T0));
    }
}
