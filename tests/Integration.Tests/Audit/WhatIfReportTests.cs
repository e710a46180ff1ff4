using Ledger.Domain;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Infrastructure.Audit.Replay.Reports;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// What-if reports as the console's background worker handles them, on a ledger served by the runtime role: queued
/// idempotently and boundedly, claimed by one worker only, stored whole, read back by keyset pages equal to the replay
/// run directly; a report whose worker's session is gone is swept to interrupted, one whose worker lives is not.
/// </summary>
public sealed class WhatIfReportTests
{
    private static readonly LimitPolicy Tighter = new("at most 20 EUR",
        new Dictionary<string, WalletLimits> { ["EUR"] = new(Eur(20m), Eur(500m), 20), ["USD"] = new(Money.FromDecimal(5m, Currency.Of("USD")), Money.FromDecimal(50m, Currency.Of("USD")), 2) });

    private static Money Eur(decimal amount) => Money.FromDecimal(amount, Currency.Of("EUR"));

    [Fact]
    public async Task A_report_is_claimed_by_one_worker_stored_whole_and_pages_back_to_the_replay_run_directly()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        await ledger.RunStoryAsync();
        var (reports, runs) = Stores(ledger, queueLimit: 5);
        var auditor = Guid.NewGuid();
        var submitted = await reports.SubmitAsync(Request(auditor, "k1", Tighter), default);
        Assert.False(submitted.Repeated);
        Assert.Equal(BackgroundRunStatus.Queued, (await reports.FindAsync(submitted.Id, auditor, default))!.Status);

        await using (var claim = await runs.ClaimAsync(DateTimeOffset.UtcNow, default))
        {
            Assert.NotNull(claim);
            Assert.Equal(submitted.Id, claim.Id);
            Assert.Equal(LimitPolicyFile.Write(Tighter), LimitPolicyFile.Write(claim.Policy));
            // Nothing else waits: a second worker (any process) finds nothing to take.
            await using (var second = await runs.ClaimAsync(DateTimeOffset.UtcNow, default)) Assert.Null(second);
            var replay = await new WhatIfRunner(ledger.Services.GetRequiredService<IDocumentStore>()).RunAsync(claim.Policy, claim.From, claim.To, default);
            await runs.CompleteAsync(claim, replay, 42, DateTimeOffset.UtcNow, default);
        }

        var direct = await new WhatIfRunner(ledger.Services.GetRequiredService<IDocumentStore>()).RunAsync(Tighter, null, null, default);
        Assert.NotEmpty(direct.Changes); // the 25.00 payments: the test means to change some
        var stored = (await reports.FindAsync(submitted.Id, auditor, default))!;
        Assert.Equal(BackgroundRunStatus.Done, stored.Status);
        Assert.Equal((long)direct.Requests, stored.Requests);
        Assert.Equal((long)direct.Changes.Count, stored.Changes);
        Assert.Equal(direct.Totals, stored.Totals);
        Assert.Equal(direct.Changes.Count, stored.Days.Sum(d => d.WouldDecline + d.WouldAuthorize));

        // Pages of one, by the keyset: every change once, in time order, as the replay gives them (times to the microsecond).
        var paged = new List<WhatIfDecision>();
        (DateTimeOffset, Guid)? after = null;
        while (await reports.ChangesAsync(submitted.Id, after, 1, default) is [var next])
        {
            paged.Add(next);
            after = (next.At, next.PaymentId);
        }
        Assert.Equal(direct.Changes.Select(Key).Order(), paged.Select(Key).Order());
        Assert.Equal(paged.Select(c => c.At).Order(), paged.Select(c => c.At));
    }

    private static string Key(WhatIfDecision d) =>
        $"{d.PaymentId} {d.WalletId} {d.Amount} {d.At.UtcTicks / 10} {d.WasAuthorized} {d.WasReason} {d.WouldAuthorize} {d.WouldReason}";

    [Fact]
    public async Task The_same_key_queues_one_report_other_values_under_it_are_refused_and_another_auditor_cannot_read_it()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var (reports, _) = Stores(ledger, queueLimit: 5);
        var auditor = Guid.NewGuid();
        var first = await reports.SubmitAsync(Request(auditor, "same", Tighter), default);
        var again = await reports.SubmitAsync(Request(auditor, "same", Tighter), default);
        Assert.Equal(first.Id, again.Id);
        Assert.True(again.Repeated);
        await Assert.ThrowsAsync<WhatIfKeyReused>(() => reports.SubmitAsync(Request(auditor, "same", Tighter, from: DateTimeOffset.UtcNow.AddDays(-1)), default));
        // Keys are the auditor's own: another's "same" is another report.
        var other = Guid.NewGuid();
        Assert.NotEqual(first.Id, (await reports.SubmitAsync(Request(other, "same", Tighter), default)).Id);
        Assert.Null(await reports.FindAsync(first.Id, other, default));
        Assert.DoesNotContain(await reports.RecentAsync(other, 10, default), r => r.Id == first.Id);
        Assert.Equal(2L, await CountAsync(ledger, "select count(*) from ledger.what_if_reports"));
    }

    [Fact]
    public async Task A_full_queue_refuses_the_next_report_and_stores_nothing_of_it()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var (reports, _) = Stores(ledger, queueLimit: 2);
        var auditor = Guid.NewGuid();
        await reports.SubmitAsync(Request(auditor, "a", Tighter), default);
        await reports.SubmitAsync(Request(auditor, "b", Tighter), default);
        var full = await Assert.ThrowsAsync<WhatIfQueueFull>(() => reports.SubmitAsync(Request(auditor, "c", Tighter), default));
        Assert.Contains("2 what-if reports are waiting", full.Message);
        Assert.Equal(2L, await CountAsync(ledger, "select count(*) from ledger.what_if_reports"));
    }

    [Fact]
    public async Task A_report_whose_workers_session_ended_is_swept_to_interrupted_and_a_live_one_is_not()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var (reports, runs) = Stores(ledger, queueLimit: 5);
        var auditor = Guid.NewGuid();
        var submitted = await reports.SubmitAsync(Request(auditor, "k", Tighter), default);
        await using var claim = (await runs.ClaimAsync(DateTimeOffset.UtcNow, default))!;

        Assert.Equal(0, await runs.SweepAsync(default));
        Assert.Equal(BackgroundRunStatus.Running, (await reports.FindAsync(submitted.Id, auditor, default))!.Status);

        // The worker's process dies: PostgreSQL ends its session, and the lock with it.
        await using (var cmd = ledger.DataSource.CreateCommand("select pg_terminate_backend($1)"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = claim.Connection.ProcessID });
            Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
        }
        await Eventually(async () => await runs.SweepAsync(default) == 1);
        var swept = (await reports.FindAsync(submitted.Id, auditor, default))!;
        Assert.Equal(BackgroundRunStatus.Interrupted, swept.Status);
        Assert.Equal(WhatIfReportRuns.InterruptedMessage, swept.Error);
        Assert.NotNull(swept.FinishedAt);
        // Interrupted stays interrupted: nothing claims it again.
        await using (var next = await runs.ClaimAsync(DateTimeOffset.UtcNow, default)) Assert.Null(next);
    }

    private static (WhatIfReports, WhatIfReportRuns) Stores(AuditedLedger ledger, int queueLimit)
    {
        var schema = ledger.Services.GetRequiredService<AuditStoreSchema>();
        var runs = new WhatIfReportRuns(ledger.DataSource, schema);
        return (new WhatIfReports(ledger.DataSource, schema, runs, new WhatIfReportOptions(queueLimit, 1, TimeSpan.FromSeconds(1))), runs);
    }

    private static WhatIfReportRequest Request(Guid auditor, string key, LimitPolicy policy, DateTimeOffset? from = null) =>
        new(auditor, "auditor:tests", key, policy, from, null, DateTimeOffset.UtcNow);

    private static async Task<long> CountAsync(AuditedLedger ledger, string sql)
    {
        await using var conn = new NpgsqlConnection(ledger.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    // The terminated backend's lock goes as PostgreSQL reaps the session: not always before the next statement.
    private static async Task Eventually(Func<Task<bool>> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !await done(); await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline, "not within 30 seconds");
    }
}
