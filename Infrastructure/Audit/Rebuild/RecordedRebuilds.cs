using Ledger.Domain.Application;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>A rebuild as recorded, with the sample rows of views that differed (shown once, never stored: they hold customers' data).</summary>
public sealed record RecordedRebuild(ProjectionsRebuilt Recorded, string? Actor, string? Reason, bool Repeated, IReadOnlyList<string> Samples);

/// <summary>Another rebuild is running: one at a time, since two would truncate each other's views.</summary>
public sealed class RebuildBusy() : InvalidOperationException("A projection rebuild is already running: wait for it to finish.");

/// <summary>
/// An operator's projection rebuild from inside the service (the console): <see cref="ProjectionRebuild"/>, one at a time,
/// then recorded as <see cref="ProjectionsRebuilt"/> on a stream of its own with the operator as actor and their reason,
/// like any operator act. The stream's id comes from the idempotency key, so a form sent twice rebuilds once.
/// </summary>
public sealed class RecordedRebuilds(IDocumentStore store, NpgsqlDataSource dataSource, AuditStoreSchema schema)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>A recorded rebuild with who ran it and why (from its event's headers), or null.</summary>
    public async Task<RecordedRebuild?> FindAsync(Guid rebuildId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(rebuildId, token: ct);
        return events.FirstOrDefault(e => e.Data is ProjectionsRebuilt) is { } e
            ? new RecordedRebuild((ProjectionsRebuilt)e.Data, Header(e, EventHeaders.Actor), Header(e, EventHeaders.Reason), false, [])
            : null;
    }

    private static string? Header(JasperFx.Events.IEvent e, string name) => e.GetHeader(name)?.ToString();

    /// <exception cref="RebuildBusy">another rebuild is running.</exception>
    public async Task<RecordedRebuild> RunAsync(string only, CommandContext context, CancellationToken ct)
    {
        var id = context.IdFor("projections-rebuild");
        if (await FindAsync(id, ct) is { } done) return done with { Repeated = true };
        if (!await _one.WaitAsync(0, ct)) throw new RebuildBusy();
        try
        {
            var report = await new ProjectionRebuild(store, dataSource, schema).RunAsync(null, ct, only);
            var recorded = new ProjectionsRebuilt(id, only, report.Events,
                report.Views.Select(v => new RebuiltView(v.View, v.Events, v.Missing, v.Extra)).ToList(), report.AllMatch, context.Now);
            await using var session = store.LightweightSession();
            MartenLedgerStore.Stamp(session, context);
            session.Events.StartStream(id, recorded);
            await session.SaveChangesAsync(ct);
            return new RecordedRebuild(recorded, context.Actor.ToString(), context.Reason, false, report.Views.SelectMany(v => v.Samples.Select(s => $"{v.View}: {s}")).ToList());
        }
        finally
        {
            _one.Release();
        }
    }
}
