using Ledger.Infrastructure.Diagnostics;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Infrastructure.Audit.Replay.Reports;

/// <summary>Wakes this process's idle what-if workers when a report is queued here (others find it at their next poll).</summary>
public sealed class WhatIfWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs queued what-if reports in the background of the service: <see cref="WhatIfReportOptions.Workers"/> at a time in
/// this process, the oldest first, whichever process's console queued them (the database is the queue). Each replays the
/// period with <see cref="WhatIfRunner"/> (what <c>ledger replay what-if</c> runs) and stores the changed decisions; a
/// report the service stops is marked interrupted, one whose process dies is swept to interrupted by the next worker or
/// page that looks.
/// </summary>
public sealed class WhatIfWorker(IDocumentStore store, WhatIfReportRuns runs, WhatIfReportOptions options, WhatIfWakeUp wakeUp,
    TimeProvider time, ILogger<WhatIfWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(0, options.Workers)).Select(_ => LoopAsync(stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runs.SweepAsync(stoppingToken);
                await using var claim = await runs.ClaimAsync(time.GetUtcNow(), stoppingToken);
                if (claim is null) await wakeUp.WaitAsync(options.PollInterval, stoppingToken);
                else await RunAsync(claim, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away for a while: keep trying with a growing pause, as the audit chain does.
                failures++;
                log.LogWarning(e, "What-if worker pass failed ({Failures} in a row)", failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), stoppingToken);
            }
        }
    }

    private async Task RunAsync(WhatIfClaim claim, CancellationToken stoppingToken)
    {
        long read = 0;
        var progress = new LatestProgress<long>((n, ct) => runs.ProgressAsync(claim.Id, n, ct), TimeSpan.FromSeconds(1));
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var writer = progress.WriteUntilAsync(writing.Token);
        try
        {
            CrashPoints.Reached(CrashPoints.WhatIfReportRunning);
            var report = await new WhatIfRunner(store).RunAsync(claim.Policy, claim.From, claim.To, stoppingToken,
                new InlineProgress<long>(n => progress.Report(read = n)));
            await writing.CancelAsync();
            await writer;
            await runs.CompleteAsync(claim, report, read, time.GetUtcNow(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await EndAsync(claim.Id, BackgroundRunStatus.Interrupted, WhatIfReportRuns.InterruptedMessage);
        }
        catch (Exception e)
        {
            log.LogError(e, "What-if report {ReportId} failed", claim.Id);
            await EndAsync(claim.Id, BackgroundRunStatus.Failed, $"The replay failed: {e.Message}");
        }
        finally
        {
            await writing.CancelAsync();
            await writer;
        }
    }

    private async Task EndAsync(Guid id, string status, string error)
    {
        try
        {
            await runs.EndAsync(id, status, error, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The row stays running; once this claim's lock is gone the next sweep marks it interrupted.
            log.LogWarning(e, "Could not mark what-if report {ReportId} {Status}", id, status);
        }
    }
}
