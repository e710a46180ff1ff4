using System.Collections.Concurrent;
using System.Threading.Channels;
using Ledger.Domain.Application;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Diagnostics;
using Ledger.Infrastructure.EventStore;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>A console rebuild handed to the background with the lock its request took.</summary>
public sealed record RebuildJob(RebuildLock Lock, Guid Id, string Selection, CommandContext Context, Guid StartedEventId);

/// <summary>
/// Runs the console's projection rebuilds in the service's background, each with the lock its request took (so there is
/// never more than one, across processes), writing its progress to its row once a second, and recording the result as
/// <c>projections_rebuilt.v1</c> with the row marked done in one transaction. A rebuild the service stops is marked
/// interrupted; one whose process dies is swept to interrupted by whoever reads it next (<see cref="RebuildRuns"/>).
/// </summary>
public sealed class RebuildRunner(IDocumentStore store, NpgsqlDataSource dataSource, AuditStoreSchema schema, RebuildRuns runs,
    TimeProvider time, ILogger<RebuildRunner> log) : BackgroundService
{
    private const int SamplesKept = 20;
    private readonly Channel<RebuildJob> _jobs = Channel.CreateUnbounded<RebuildJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<string>> _samples = new();
    private readonly ConcurrentQueue<Guid> _sampleOrder = new();

    /// <summary>Takes the job (and its lock) over; the lock guarantees the queue never holds more than one.</summary>
    public void Enqueue(RebuildJob job)
    {
        if (!_jobs.Writer.TryWrite(job)) throw new InvalidOperationException("The rebuild runner has stopped.");
    }

    /// <summary>
    /// The sample rows of the views that differed, kept in this process's memory only (they hold customers' data, so they
    /// are never stored) for its last few rebuilds; null when this process did not run it or has restarted since.
    /// </summary>
    public IReadOnlyList<string>? SamplesOf(Guid id) => _samples.GetValueOrDefault(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runs.SweepAsync(stoppingToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            log.LogWarning(e, "Could not sweep interrupted projection rebuilds at start; the next read of one will");
        }
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Jobs accepted but not begun still hold their locks: mark them and let go.
            while (_jobs.Reader.TryRead(out var left))
                await using (left.Lock)
                    await EndAsync(left.Id, BackgroundRunStatus.Interrupted, RebuildRuns.InterruptedMessage);
        }
    }

    private async Task RunAsync(RebuildJob job, CancellationToken stoppingToken)
    {
        await using var held = job.Lock;
        var progress = new LatestProgress<RebuildStep>((step, ct) => runs.ProgressAsync(job.Id, step, ct), TimeSpan.FromSeconds(1));
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var writer = progress.WriteUntilAsync(writing.Token);
        try
        {
            CrashPoints.Reached(CrashPoints.ProjectionRebuildRunning);
            var report = await new ProjectionRebuild(store, dataSource, schema).RunAsync(held, progress, stoppingToken, job.Selection);
            await writing.CancelAsync();
            await writer;
            Keep(job.Id, report.Views.SelectMany(v => v.Samples.Select(s => $"{v.View}: {s}")).ToList());
            var now = time.GetUtcNow();
            var recorded = new ProjectionsRebuilt(job.Id, job.Selection, report.Events,
                report.Views.Select(v => new RebuiltView(v.View, v.Events, v.Missing, v.Extra)).ToList(), report.AllMatch, now);
            await using var session = store.LightweightSession();
            // The finish names its start as its cause: the streams page links one to the other.
            MartenLedgerStore.Stamp(session, job.Context with { CausationId = job.StartedEventId.ToString() });
            session.Events.Append(job.Id, recorded);
            session.QueueSqlCommand(runs.DoneSql, now.ToUniversalTime(), job.Id);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await EndAsync(job.Id, BackgroundRunStatus.Interrupted, RebuildRuns.InterruptedMessage);
        }
        catch (Exception e)
        {
            log.LogError(e, "Projection rebuild {RebuildId} failed", job.Id);
            await EndAsync(job.Id, BackgroundRunStatus.Failed, $"The rebuild failed: {e.Message}");
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
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The row stays running; once the lock is gone the next read sweeps it to interrupted.
            log.LogWarning(e, "Could not mark projection rebuild {RebuildId} {Status}", id, status);
        }
    }

    private void Keep(Guid id, IReadOnlyList<string> samples)
    {
        _samples[id] = samples;
        _sampleOrder.Enqueue(id);
        while (_sampleOrder.Count > SamplesKept && _sampleOrder.TryDequeue(out var old)) _samples.TryRemove(old, out _);
    }
}
