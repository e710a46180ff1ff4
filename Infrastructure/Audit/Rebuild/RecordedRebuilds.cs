using Ledger.Domain.Application;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.EventStore;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>
/// A rebuild as the console shows it: its row while it runs (absent for rebuilds recorded before rebuilds ran in the
/// background), the recorded result once done, who asked and why, and the sample rows of views that differed when this
/// process ran it (never stored: they hold customers' data).
/// </summary>
public sealed record RecordedRebuild(Guid Id, RebuildRun? Run, ProjectionsRebuilt? Recorded, string? Actor, string? Reason,
    IReadOnlyList<string>? Samples)
{
    public string Status => Recorded is not null ? BackgroundRunStatus.Done : Run?.Status ?? BackgroundRunStatus.Queued;
}

/// <summary>What the request to rebuild came to: started now, or the same form sent before (nothing started).</summary>
public sealed record RebuildStart(Guid Id, bool Repeated);

/// <summary>Another rebuild holds the lock: one at a time across every process, since two would truncate each other's views.</summary>
public sealed class RebuildBusy(RebuildRun? running) : InvalidOperationException(running is null
    ? "A projection rebuild is already running on this database (from the command line, or starting): wait for it to finish, then send the form again."
    : $"A projection rebuild is already running on this database ({running.Selection}, asked by {running.Actor} at {running.RequestedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): wait for it to finish, then send the form again.")
{
    public RebuildRun? Running { get; } = running;
}

/// <summary>
/// An operator's projection rebuild from the console: the request takes the one rebuild lock (<see cref="RebuildLock"/>)
/// at once or is refused (<see cref="RebuildBusy"/>), records <c>projections_rebuild_started.v1</c> on the rebuild's own
/// stream with the operator as actor and their reason, writes its row, and hands the lock to <see cref="RebuildRunner"/>,
/// which runs it in the background and records <c>projections_rebuilt.v1</c>. The stream's id comes from the
/// idempotency key, so a form sent twice starts one rebuild.
/// </summary>
public sealed class RecordedRebuilds(IDocumentStore store, NpgsqlDataSource dataSource, AuditStoreSchema schema, RebuildRuns runs,
    RebuildRunner runner)
{
    /// <summary>The rebuild with who ran it and why, or null when there is none by that id.</summary>
    public async Task<RecordedRebuild?> FindAsync(Guid rebuildId, CancellationToken ct)
    {
        var run = await runs.FindAsync(rebuildId, ct);
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(rebuildId, token: ct);
        var finished = events.FirstOrDefault(e => e.Data is ProjectionsRebuilt);
        var first = events.FirstOrDefault(e => e.Data is ProjectionsRebuildStarted or ProjectionsRebuilt);
        if (run is null && first is null) return null;
        return new RecordedRebuild(rebuildId, run, finished?.Data as ProjectionsRebuilt,
            run?.Actor ?? Header(first!, EventHeaders.Actor), run?.Reason ?? Header(first!, EventHeaders.Reason), runner.SamplesOf(rebuildId));
    }

    private static string? Header(JasperFx.Events.IEvent e, string name) => e.GetHeader(name)?.ToString();

    /// <exception cref="RebuildBusy">another rebuild holds the lock.</exception>
    public async Task<RebuildStart> StartAsync(string only, CommandContext context, CancellationToken ct)
    {
        if (!ProjectionRebuild.Selections.Contains(only))
            throw new ArgumentException($"'{only}' is not one of {string.Join(", ", ProjectionRebuild.Selections)}.", nameof(only));
        var id = context.IdFor("projections-rebuild");
        if (await FindAsync(id, ct) is not null) return new RebuildStart(id, Repeated: true);
        var held = await RebuildLock.TryTakeAsync(dataSource, schema, ct);
        if (held is null)
            // The same form sent twice at once holds the lock itself: that is a repeat, not another rebuild.
            return await FindAsync(id, ct) is not null ? new RebuildStart(id, Repeated: true) : throw new RebuildBusy(await runs.RunningAsync(ct));
        Guid started;
        try
        {
            await using var session = store.LightweightSession();
            MartenLedgerStore.Stamp(session, context);
            var action = session.Events.StartStream(id, new ProjectionsRebuildStarted(id, only, context.Now));
            session.QueueSqlCommand(runs.InsertRunningSql, id, only, context.Actor.ToString(), context.Reason ?? "", context.Now.ToUniversalTime());
            await session.SaveChangesAsync(ct);
            started = action.Events[0].Id;
        }
        catch (ExistingStreamIdCollisionException)
        {
            // The same form, sent twice at once: the other request started it.
            await held.DisposeAsync();
            return new RebuildStart(id, Repeated: true);
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
        runner.Enqueue(new RebuildJob(held, id, only, context, started));
        return new RebuildStart(id, Repeated: false);
    }
}
