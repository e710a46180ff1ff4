using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Rebuild;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Rebuild rates on a bulk log, beside the plain sequential read of the same events. Printed, never
/// asserted; LEDGER_AUDIT_BULK_EVENTS=1000000 gives the issue's million-event figure.
/// </summary>
public sealed class BulkRebuildTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Rebuilding_a_bulk_log_twice_gives_the_same_views_and_prints_events_per_second()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await BulkEvents.InsertWalletsAsync(ledger, BulkEvents.Count(5_000));
        var schema = ledger.Services.GetRequiredService<AuditStoreSchema>();
        var rebuild = new ProjectionRebuild(ledger.Services.GetRequiredService<Marten.IDocumentStore>(), ledger.DataSource, schema);
        await using var held = await RebuildLock.TryTakeAsync(ledger.DataSource, schema, default);
        Assert.NotNull(held);

        // The bulk events were never projected inline: the first rebuild brings the views up to the log.
        await rebuild.RunAsync(held, null, default);
        var report = await rebuild.RunAsync(held, null, default);

        foreach (var v in report.Views)
            output.WriteLine($"{v.View,-18} {v.Events,9} events {v.EventsPerSecond,9:F0}/s {(v.Matches ? "matches" : $"differs {v.Missing}/{v.Extra}")}");
        output.WriteLine($"{"plain read",-18} {report.Events,9} events {report.PlainReadEventsPerSecond,9:F0}/s");
        Assert.True(report.AllMatch, string.Join("\n", report.Views.SelectMany(v => v.Samples)));
        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), report.Events);
        Assert.True(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_doc_wallet") > BulkEvents.Count(5_000) / 10);
    }
}
