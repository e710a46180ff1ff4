namespace Ledger.Integration.Tests.Messaging.Support;

/// <summary>
/// Waits for asynchronous delivery. The deadline only keeps a broken run from hanging; it is generous
/// and no test asserts how fast anything happened.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? DefaultDeadline);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"Still not true after {(deadline ?? DefaultDeadline).TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, deadline);
}
