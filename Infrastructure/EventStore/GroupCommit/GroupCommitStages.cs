using System.Diagnostics;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>Where a group commit writer's transactions spend their time.</summary>
public enum GroupCommitStage
{
    /// <summary>Taking the connection and beginning the transaction.</summary>
    Open,
    /// <summary>A set-based batch's round trip of reads.</summary>
    Read,
    /// <summary>Deciding a set-based batch's commands in memory.</summary>
    Decide,
    /// <summary>A set-based batch's round trip of writes (with the commit when it is the transaction's last work).</summary>
    Write,
    /// <summary>Commands run the Marten way, each in a session of its own, their round trips included.</summary>
    MartenWay,
    /// <summary>The transaction's balances and commit, when not sent with a set-based write.</summary>
    Commit,
    /// <summary>Building a set-based batch's writes before their round trip: events and snapshots to JSON, the rows' arrays.</summary>
    Prepare,
}

/// <summary>
/// Time a writer spent in each <see cref="GroupCommitStage"/>, summed since start, and the transactions it ran: what a
/// benchmark divides to show which round trip or which work bounds the rate (also on /metrics,
/// <c>ledger_group_commit_stage_duration_seconds_total</c>). Written by one writer, read by anyone.
/// </summary>
public sealed class GroupCommitStages
{
    private readonly long[] _ticks = new long[Enum.GetValues<GroupCommitStage>().Length];
    private long _transactions;

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="stage"/>; returns now, the next stage's start.</summary>
    public long Add(GroupCommitStage stage, long since)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)stage], now - since);
        GroupCommitMetrics.InStage(stage, Stopwatch.GetElapsedTime(since, now));
        return now;
    }

    public void Transaction() => Interlocked.Increment(ref _transactions);

    public long Transactions => Interlocked.Read(ref _transactions);

    public TimeSpan this[GroupCommitStage stage] => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    /// <summary>The sum of several writers' stages.</summary>
    public static GroupCommitStages Sum(IEnumerable<GroupCommitStages> all)
    {
        var sum = new GroupCommitStages();
        foreach (var stages in all)
        {
            for (var i = 0; i < sum._ticks.Length; i++) sum._ticks[i] += Interlocked.Read(ref stages._ticks[i]);
            sum._transactions += stages.Transactions;
        }
        return sum;
    }
}
