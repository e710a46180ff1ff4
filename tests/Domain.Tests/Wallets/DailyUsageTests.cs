using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Wallets;

public class DailyUsageTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Usage_accumulates_within_one_UTC_day()
    {
        var usage = DailyUsage.None.Add(1000, Noon).Add(250, Noon.AddHours(11).AddMinutes(59));

        Assert.Equal(new DailyUsage(new DateOnly(2026, 3, 14), 1250, 2), usage);
    }

    [Fact]
    public void Usage_starts_again_at_midnight_UTC()
    {
        var usage = DailyUsage.None.Add(1000, Noon);

        Assert.Equal(new DailyUsage(new DateOnly(2026, 3, 14), 1000, 1), usage.On(new DateTimeOffset(2026, 3, 14, 23, 59, 59, 999, TimeSpan.Zero)));
        Assert.Equal(new DailyUsage(new DateOnly(2026, 3, 15), 0, 0), usage.On(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DailyUsage(new DateOnly(2026, 3, 15), 300, 1), usage.Add(300, new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_day_is_the_UTC_day_whatever_the_terminal_offset()
    {
        // 00:30 in Berlin (+02:00) on the 15th is still 22:30 UTC on the 14th.
        var berlinJustAfterMidnight = new DateTimeOffset(2026, 3, 15, 0, 30, 0, TimeSpan.FromHours(2));
        // 20:00 in New York (-05:00) on the 14th is already 01:00 UTC on the 15th.
        var newYorkEvening = new DateTimeOffset(2026, 3, 14, 20, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateOnly(2026, 3, 14), DailyUsage.DayOf(berlinJustAfterMidnight));
        Assert.Equal(new DateOnly(2026, 3, 15), DailyUsage.DayOf(newYorkEvening));
    }

    [Fact]
    public void A_clock_stepping_back_across_midnight_does_not_reopen_the_spent_day()
    {
        var justAfterMidnight = new DateTimeOffset(2026, 3, 15, 0, 0, 0, 5, TimeSpan.Zero);
        var skewedNodeBeforeMidnight = new DateTimeOffset(2026, 3, 14, 23, 59, 59, 999, TimeSpan.Zero);
        var usage = DailyUsage.None.Add(1000, justAfterMidnight);

        Assert.Equal(usage, usage.On(skewedNodeBeforeMidnight));
        Assert.Equal(new DailyUsage(new DateOnly(2026, 3, 15), 1500, 2), usage.Add(500, skewedNodeBeforeMidnight));
    }
}
