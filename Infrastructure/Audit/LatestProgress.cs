namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Keeps only the newest report and writes it out at most every <paramref name="every"/>, from a loop of its own: a
/// background run reports thousands of times, its row needs updating once a second, and the run must never wait on it.
/// </summary>
public sealed class LatestProgress<T>(Func<T, CancellationToken, Task> write, TimeSpan every) : IProgress<T>
{
    private readonly Lock _gate = new();
    private T _latest = default!;
    private long _reports;

    public void Report(T value)
    {
        lock (_gate)
        {
            _latest = value;
            _reports++;
        }
    }

    /// <summary>Writes the newest report each period until <paramref name="ct"/> ends; a failed write waits for the next.</summary>
    public async Task WriteUntilAsync(CancellationToken ct)
    {
        long written = 0;
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                T latest;
                long reports;
                lock (_gate) (latest, reports) = (_latest, _reports);
                if (reports == written) continue;
                try
                {
                    await write(latest, ct);
                    written = reports;
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    // Progress is a courtesy to the page: the run goes on, the next period tries again.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
