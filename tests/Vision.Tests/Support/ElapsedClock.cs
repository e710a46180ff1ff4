namespace Ledger.Vision.Tests.Support;

/// <summary>
/// A clock on which every wait has already elapsed: a timer fires as soon as it is set (at creation or by
/// <see cref="ITimer.Change"/>). A timeout measured by it expires before the work it guards can finish, on any
/// machine, however loaded.
/// </summary>
public sealed class ElapsedClock : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Elapsed(callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Elapsed(TimerCallback callback, object? state) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan) callback(state);
            return true;
        }

        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
