using Ledger.Domain.Payments;
using Ledger.Infrastructure.Audit;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Integration.Tests.Audit;

public sealed class HashChainTests
{
    [Fact]
    public async Task Every_committed_event_is_chained_once_in_sequence_order_and_the_log_verifies()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.BatchSize = 7);
        await ledger.RunStoryAsync();

        var head = await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");
        Assert.True(events > 15);
        Assert.Equal(await ledger.ScalarAsync<long>("select max(seq_id) from ledger.mt_events"), head);
        Assert.Equal(events, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
        Assert.Equal(0, await ledger.ScalarAsync<long>(
            "select count(*) from ledger.audit_chain c left join ledger.mt_events e on e.seq_id = c.seq and e.id = c.event_id where e.id is null"));
        Assert.Equal(events, await ledger.ScalarAsync<long>(
            "select count(*) from (select position, row_number() over (order by seq) as n from ledger.audit_chain) p where p.position = p.n"));
        var verification = await ledger.Verifier.VerifyAsync(default);
        Assert.Null(verification.Failure);
        Assert.Equal(events, verification.EventsChecked);
    }

    [Fact]
    public async Task A_lower_sequence_number_that_commits_late_is_chained_in_its_place_not_skipped()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        // An append that takes its sequence number now and commits later: a Marten session enlisted in
        // a transaction the test holds open.
        await using var slowConnection = new NpgsqlConnection(ledger.ConnectionString);
        await slowConnection.OpenAsync();
        var slowTx = await slowConnection.BeginTransactionAsync();
        var store = (Marten.IDocumentStore)ledger.Services.GetService(typeof(Marten.IDocumentStore))!;
        await using (var slow = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(slowTx)))
        {
            slow.Events.StartStream<Domain.Merchants.Merchant>(Guid.NewGuid(),
                new Domain.Merchants.MerchantOnboarded(Guid.NewGuid(), "Late Shop", Domain.Currency.Of("EUR"), "DE89370400440532013000", DateTimeOffset.UtcNow));
            await slow.SaveChangesAsync();
        }
        var slowSeq = await ledger.ScalarAsync<long>("select last_value from ledger.mt_events_sequence");
        Assert.Equal(0, await ledger.ScalarAsync<long>($"select count(*) from ledger.mt_events where seq_id = {slowSeq}"));
        var ctx = LedgerFixture.Context();

        // A later append commits first, with a higher sequence number.
        var wallets = (Domain.Application.WalletUseCases)ledger.Services.GetService(typeof(Domain.Application.WalletUseCases))!;
        await wallets.HandleAsync(new Domain.Wallets.TopUpWallet(story.WalletIds[1], Guid.NewGuid(), LedgerFixture.Eur(5), "ref", ctx.Now), LedgerFixture.Context(), default);
        var later = await ledger.ScalarAsync<long>("select max(seq_id) from ledger.mt_events");

        for (var pass = 0; pass < 5; pass++)
        {
            var result = await ledger.Chain.RunOnceAsync(default);
            Assert.True(result.HeadSeq < later);
            Assert.Equal(0, result.GapsPassed);
            await Task.Delay(20);
        }
        Assert.Equal(0, await ledger.ScalarAsync<long>($"select count(*) from ledger.audit_chain where seq >= {later}"));

        await slowTx.CommitAsync();
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
        Assert.Equal(0, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_gaps"));
        Assert.True(await ledger.ScalarAsync<long>($"select position from ledger.audit_chain where seq = {slowSeq}")
                    < await ledger.ScalarAsync<long>($"select position from ledger.audit_chain where seq = {later}"));
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
    }

    [Fact]
    public async Task A_sequence_number_whose_append_rolled_back_is_passed_and_recorded()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        long burnt;
        await using (var connection = new NpgsqlConnection(ledger.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var next = new NpgsqlCommand("select nextval('ledger.mt_events_sequence')", connection, tx);
            burnt = (long)(await next.ExecuteScalarAsync())!;
            await tx.RollbackAsync();
        }
        await ledger.RunStoryAsync();

        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        Assert.Equal(burnt, await ledger.ScalarAsync<long>("select seq from ledger.audit_gaps"));
        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
    }

    [Fact]
    public async Task Concurrent_payments_with_lost_races_are_all_chained_while_the_writer_runs_beside_them()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.BatchSize = 5);
        var story = await ledger.RunStoryAsync();
        var payments = (Domain.Application.PaymentUseCases)ledger.Services.GetService(typeof(Domain.Application.PaymentUseCases))!;

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await ledger.Chain.RunOnceAsync(default);
        });
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var ctx = LedgerFixture.Context();
            await payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), story.WalletIds[i % 2], story.TerminalId, LedgerFixture.Eur(0.5m), ctx.Now), ctx, default);
        })));
        await stop.CancelAsync();
        await writer;
        await ledger.SealAsync();

        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
        var verification = await ledger.Verifier.VerifyAsync(default);
        Assert.Null(verification.Failure);
        Assert.Equal(1, verification.CheckpointsChecked);
    }
}
