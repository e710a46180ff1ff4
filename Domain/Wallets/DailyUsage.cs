namespace Ledger.Domain.Wallets;

/// <summary>
/// What a wallet has spent on one day. The day is the UTC calendar day of the payment: a wallet's
/// daily limits roll over at 00:00 UTC, whatever the terminal's time zone.
/// </summary>
public sealed record DailyUsage(DateOnly Day, long AmountMinor, int Count)
{
    public static DailyUsage None => new(DateOnly.MinValue, 0, 0);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>
    /// The usage that counts on the day of <paramref name="now"/>: nothing if the stored day is over, the
    /// stored day's usage if <paramref name="now"/> is on it or (clock skew) before it.
    /// </summary>
    public DailyUsage On(DateTimeOffset now)
    {
        var day = DayOf(now);
        // A clock that steps back (another node's clock around midnight) must not reopen a day
        // already spent: usage only ever moves forward to a later day.
        return day <= Day ? this : new DailyUsage(day, 0, 0);
    }

    public DailyUsage Add(long amountMinor, DateTimeOffset at)
    {
        var today = On(at);
        return today with { AmountMinor = checked(today.AmountMinor + amountMinor), Count = today.Count + 1 };
    }
}
