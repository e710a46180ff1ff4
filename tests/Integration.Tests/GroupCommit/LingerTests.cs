using System.Diagnostics;
using Ledger.Infrastructure.EventStore.GroupCommit;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// When a group commit writer waits for the callers its last transaction answered (the rule only: no database, no clock
/// of the machine). Given a transaction that answered some callers at a moment, when commands are queued at another, then
/// it waits or takes them.
/// </summary>
public sealed class LingerTests
{
    private static readonly long Microsecond = Stopwatch.Frequency / 1_000_000;
    private static readonly GroupCommitOptions Options = new() { Writers = 1, MaxBatch = 32, LingerMicroseconds = 1_000 };
    private const long AnsweredAt = 1_000_000_000;

    [Fact]
    public void It_waits_while_fewer_are_queued_than_the_last_transaction_answered_and_the_linger_lasts()
    {
        var linger = Linger.After(answered: 8, AnsweredAt, Options);
        Assert.True(linger.Waits(queued: 1, AnsweredAt + 10 * Microsecond));
        Assert.True(linger.Waits(queued: 7, AnsweredAt + 999 * Microsecond));
    }

    [Fact]
    public void It_takes_them_once_as_many_are_queued_as_it_answered()
    {
        var linger = Linger.After(answered: 8, AnsweredAt, Options);
        Assert.False(linger.Waits(queued: 8, AnsweredAt + 10 * Microsecond));
        Assert.False(linger.Waits(queued: 9, AnsweredAt + 10 * Microsecond));
    }

    [Fact]
    public void It_takes_what_is_queued_when_the_linger_is_over_counted_from_the_answers_not_from_the_arrival()
    {
        var linger = Linger.After(answered: 8, AnsweredAt, Options);
        Assert.False(linger.Waits(queued: 1, AnsweredAt + 1_000 * Microsecond));
        // After an idle spell the first command is taken at once: the callers answered long ago are not coming back now.
        Assert.False(linger.Waits(queued: 1, AnsweredAt + 60_000_000 * Microsecond));
    }

    [Fact]
    public void It_never_waits_for_more_than_a_batch()
    {
        var linger = Linger.After(answered: 40, AnsweredAt, Options);
        Assert.True(linger.Waits(queued: 31, AnsweredAt + 10 * Microsecond));
        Assert.False(linger.Waits(queued: 32, AnsweredAt + 10 * Microsecond));
    }

    [Fact]
    public void It_never_waits_when_nothing_was_answered_or_lingering_is_off()
    {
        Assert.False(Linger.After(answered: 0, AnsweredAt, Options).Waits(queued: 1, AnsweredAt + 10 * Microsecond));
        Assert.False(Linger.After(answered: 0, 0, Options).Waits(queued: 1, 1));
        var off = new GroupCommitOptions { Writers = 1, LingerMicroseconds = 0 };
        Assert.False(Linger.After(answered: 8, AnsweredAt, off).Waits(queued: 1, AnsweredAt));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void The_linger_is_configured_from_0_to_a_tenth_of_a_second(int microseconds, bool valid)
    {
        var options = new GroupCommitOptions { Writers = 1, LingerMicroseconds = microseconds };
        var error = Record.Exception(options.Validate);
        Assert.Equal(valid, error is null);
        if (!valid) Assert.Contains("GroupCommit:LingerMicroseconds", error!.Message, StringComparison.Ordinal);
    }
}
