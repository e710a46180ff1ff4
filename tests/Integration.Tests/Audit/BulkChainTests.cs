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
        var count = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_AUDIT_BULK_EVENTS"), out var n) ? n : 20_000;
        await using var ledger = await AuditedLedger.CreateAsync(o => o.GapGrace = TimeSpan.FromSeconds(1));
        await ledger.RunStoryAsync();
        await InsertTopUpsAsync(ledger, count);
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
        Assert.Null(inDatabase.Failure);
        Assert.Null(offline.Failure);
        Assert.Equal(events, inDatabase.EventsChecked);
        Assert.Equal(events, summary.Events);
        Assert.Equal(checkpoints, inDatabase.CheckpointsChecked);
        Assert.True(checkpoints >= count / new AuditOptions().BatchSize); // one due after every batch at the default sizes
        File.Delete(path);
    }

    /// <summary>Top-ups written straight into the log, as many as asked, in streams of 10 (the chain does not care how they got there).</summary>
    private static async Task InsertTopUpsAsync(AuditedLedger ledger, int count)
    {
        var streams = Math.Max(1, count / 10);
        await ledger.ExecuteAsync(
            "create table public.bulk_streams as select gen_random_uuid() as id, row_number() over () as n from generate_series(1, " + streams + ")");
        await ledger.ExecuteAsync("insert into ledger.mt_streams (id, type, version) select id, 'wallet', 10 from public.bulk_streams");
        await ledger.ExecuteAsync(
            "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived) " +
            "select nextval('ledger.mt_events_sequence'), gen_random_uuid(), s.id, v, " +
            "jsonb_build_object('walletId', s.id, 'topUpId', gen_random_uuid(), 'amount', jsonb_build_object('minor', 100 * v + s.n, 'currency', 'EUR'), " +
            "  'fundingReference', 'bulk', 'toppedUpAt', now()), " +
            "'wallet_topped_up.v1', now(), '*DEFAULT*', 'Ledger.Domain.Wallets.WalletToppedUp, Ledger.Domain', md5(s.n::text), " +
            "jsonb_build_object('actor', 'system:bulk', 'request-id', md5(v::text), 'idempotency-key', md5(s.n::text || v::text)), false " +
            "from public.bulk_streams s cross join generate_series(1, 10) v order by s.n, v");
    }
}
