using System.Diagnostics;
using Ledger.Infrastructure.Audit;
using Xunit.Abstractions;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Many events through the chain, the checkpoints, an export and both verifiers, at default batch and
/// checkpoint sizes. The rates are printed (never asserted); set LEDGER_AUDIT_BULK_EVENTS to measure
/// with more events (docs/AUDIT.md records a run).
/// </summary>
public sealed class BulkChainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tens_of_thousands_of_events_chain_checkpoint_export_and_verify()
    {
        var count = BulkEvents.Count(20_000);
        await using var ledger = await AuditedLedger.CreateAsync(o => o.GapGrace = TimeSpan.FromSeconds(1));
        var story = await ledger.RunStoryAsync();
        await BulkEvents.InsertWalletsAsync(ledger, count);
        await ledger.TopUpAsync(story.WalletIds[0]); // Ada's stream now spans the whole log
        var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");

        var clock = Stopwatch.StartNew();
        var checkpoints = 0;
        while ((await ledger.Chain.RunOnceAsync(default)).Chained > 0)
            if (await ledger.Checkpoints.CheckpointAsync(force: false, default) is not null) checkpoints++;
        if (await ledger.Checkpoints.CheckpointAsync(force: true, default) is not null) checkpoints++;
        var chainSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        var verifySeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var (summary, offline, path) = await ledger.ExportAndVerifyAsync();
        var exportAndVerifySeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"{events} events: chained and checkpointed ({checkpoints} checkpoints) at {events / chainSeconds:F0} events/s; " +
                         $"verified in the database at {events / verifySeconds:F0} events/s; exported ({new FileInfo(path).Length / 1e6:F1} MB) " +
                         $"and verified offline at {events / exportAndVerifySeconds:F0} events/s");
        File.Delete(path);

        // One customer's stream across the whole log: her events, and every run of others' as subtree roots.
        clock.Restart();
        var (stream, streamCheck, streamPath) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[0]]));
        var streamSeconds = clock.Elapsed.TotalSeconds;
        var gapLines = File.ReadLines(streamPath).Count(l => l.Contains("\"kind\":\"gap\""));
        output.WriteLine($"one wallet's {stream.Events} events spread over the {events}: exported ({new FileInfo(streamPath).Length / 1e3:F1} kB, " +
                         $"{gapLines} gap lines standing for {stream.Links} other events) and verified offline in {streamSeconds * 1000:F0} ms");
        Assert.Null(streamCheck.Failure);
        Assert.Equal(stream.Links, streamCheck.LinksChecked);
        Assert.True(gapLines > 0);
        File.Delete(streamPath);

        Assert.Null(inDatabase.Failure);
        Assert.Null(offline.Failure);
        Assert.Equal(events, inDatabase.EventsChecked);
        Assert.Equal(events, summary.Events);
        Assert.Equal(checkpoints, inDatabase.CheckpointsChecked);
        Assert.True(checkpoints >= count / new AuditOptions().BatchSize); // one due after every batch at the default sizes
    }
}
