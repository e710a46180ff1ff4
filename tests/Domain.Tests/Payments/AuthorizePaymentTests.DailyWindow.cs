using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

/// <summary>The daily limits count per UTC calendar day and roll over at 00:00:00 UTC.</summary>
public partial class AuthorizePaymentTests
{
    private static object[] DailyLimitUsedUpToday() =>
    [
        ReadyToPay(Eur(300m)),
        EarlierPayment(Eur(50m), Today),
        EarlierPayment(Eur(50m), LastMillisecondOfToday.AddMilliseconds(-1)),
    ];

    [Fact]
    public void At_23_59_59_999_the_daily_amount_used_today_still_counts()
    {
        Given(DailyLimitUsedUpToday())
            .When(Pay(EurMinor(1), at: LastMillisecondOfToday))
            .Then(Declined(EurMinor(1), DeclineReason.DailyAmountLimitExceeded,
                Inputs(balance: Eur(200m), usedToday: Eur(100m), countToday: 2), LastMillisecondOfToday));
    }

    [Fact]
    public void At_00_00_00_UTC_the_next_day_starts_with_nothing_used()
    {
        Given(DailyLimitUsedUpToday())
            .When(Pay(Eur(50m), at: Midnight))
            .Then(
                Authorized(Eur(50m), Inputs(balance: Eur(200m)), Midnight),
                Debited(Eur(50m), Midnight));
    }

    [Fact]
    public void The_daily_count_rolls_over_at_midnight_too()
    {
        Given(ReadyToPay(Eur(300m)),
                EarlierPayment(Eur(1m), Today),
                EarlierPayment(Eur(1m), Today.AddHours(1)),
                EarlierPayment(Eur(1m), LastMillisecondOfToday))
            .When(Pay(Eur(1m), at: Midnight))
            .Then(Authorized(Eur(1m), Inputs(balance: Eur(297m)), Midnight), Debited(Eur(1m), Midnight));
    }

    [Fact]
    public void Just_after_midnight_at_a_terminal_east_of_UTC_is_still_the_previous_UTC_day()
    {
        var berlinAtHalfPastMidnight = new DateTimeOffset(2026, 3, 15, 0, 30, 0, TimeSpan.FromHours(2));

        Given(DailyLimitUsedUpToday())
            .When(Pay(EurMinor(1), at: berlinAtHalfPastMidnight))
            .Then(Declined(EurMinor(1), DeclineReason.DailyAmountLimitExceeded,
                Inputs(balance: Eur(200m), usedToday: Eur(100m), countToday: 2), berlinAtHalfPastMidnight));
    }

    [Fact]
    public void Payments_from_yesterday_do_not_count_today()
    {
        Given(ReadyToPay(Eur(300m)), EarlierPayment(Eur(50m), Today.AddDays(-1)), EarlierPayment(Eur(50m), Today.AddDays(-1).AddHours(1)))
            .When(Pay(Eur(50m)))
            .Then(Authorized(Eur(50m), Inputs(balance: Eur(200m))), Debited(Eur(50m)));
    }

    [Fact]
    public void A_payment_stamped_on_an_earlier_day_still_counts_against_the_day_already_spent()
    {
        // Clocks of two nodes disagree around midnight: the late one must not reset today's usage.
        Given(DailyLimitUsedUpToday())
            .When(Pay(EurMinor(1), at: Today.AddDays(-1)))
            .Then(Declined(EurMinor(1), DeclineReason.DailyAmountLimitExceeded,
                Inputs(balance: Eur(200m), usedToday: Eur(100m), countToday: 2), Today.AddDays(-1)));
    }
}
