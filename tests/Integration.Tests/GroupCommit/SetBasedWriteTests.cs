using Ledger.Domain;
using Ledger.Domain.Accounting;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

using static Ledger.Integration.Tests.GroupCommit.SetBasedLedger;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// The set-based write of a group-commit batch must leave exactly what Marten's unit of work leaves, command for command:
/// the same streams, events with their metadata and order, snapshots, idempotency records, journal and balances, and the
/// same answers. Two ledgers on two databases get the same commands (same keys, same clocks), one writing set-based.
/// </summary>
public sealed class SetBasedWriteTests
{
    [Fact]
    public async Task A_batch_written_set_based_leaves_the_same_rows_and_answers_as_the_same_commands_written_by_marten()
    {
        await using var setBased = await SetBasedLedger.StartAsync(setBased: true);
        await using var marten = await SetBasedLedger.StartAsync(setBased: false);

        var answersSetBased = await ScriptAsync(setBased);
        var answersMarten = await ScriptAsync(marten);

        Assert.Equal(answersMarten, answersSetBased);
        Assert.Contains("Authorized", string.Join('\n', answersSetBased));
        Assert.Contains("Declined", string.Join('\n', answersSetBased));
        Assert.Contains("replayed", string.Join('\n', answersSetBased));
        Assert.Contains(nameof(IdempotencyConflict), string.Join('\n', answersSetBased));
        await AssertSameRowsAsync(setBased, marten);
        Assert.True(setBased.Store.SetBased.Written >= 8, $"only {setBased.Store.SetBased.Written} commands were written set-based");
        Assert.Equal(0, setBased.Store.SetBased.Fallbacks);
        Assert.Equal((0L, 0L), marten.Store.SetBased);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_whose_wallet_another_instance_paid_from_meanwhile_is_decided_again_and_loses_no_payment(bool cache)
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true, cache);
        await using var other = ledger.OtherInstance();
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();

        // The batch: a payment from the wallet, then a command that read the wallet and waits while the other instance pays.
        CommandResult<Payment>? meanwhile = null;
        var paid = await PayInABatchAsync(ledger, payments, "batch-payment", wallet, terminal, 10, async () =>
            meanwhile = await PayAsync(other.GetRequiredService<PaymentUseCases>(), "other-instance", wallet, terminal, 20));

        Assert.Equal(PaymentStatus.Authorized, meanwhile!.Outcome.Status);
        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        // The batch could not be written (the wallet had moved on): decided on the cached wallet, it was decided again on
        // what it read; decided on what it read, its commands ran again the Marten way.
        AssertDecidedAgain(ledger, cache);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(70), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        // Opened, face pay, top-up and the two payments: versions 1 to 5, none lost, none twice.
        Assert.Equal(["5 | 1 | 5 | 5"], await ledger.VersionsAsync(wallet));
        Assert.Equal([$"7000 | 3"], await ledger.RowsAsync(
            $"select abs(sum(amount_minor)), count(*) from ledger.journal_postings where account = '{LedgerAccount.ForWallet(wallet).Code}'"));
    }

    [Fact]
    public async Task A_payment_whose_new_stream_already_has_a_snapshot_fails_its_set_based_write_and_runs_again_the_marten_way()
    {
        // The batch writes a new stream's snapshot with a plain insert, taking the stream's new row as proof that none exists.
        // A row planted without its stream breaks that: the insert must fail the batch, not pass or half-write; the Marten
        // way then writes the payment, its snapshot over the planted row.
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payment = LedgerFixture.Context("planted").IdFor("payment");
        await ledger.RowsAsync(
            $"insert into ledger.mt_doc_payment (id, data, mt_dotnet_type, mt_version) values ('{payment}', '{{\"planted\": true}}', 'planted', 1)");

        var paid = await PayAsync(ledger.Get<PaymentUseCases>(), "planted", wallet, terminal, 30);

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal(1, ledger.Store.SetBased.Fallbacks);
        Assert.Equal(["1 | 0"], await ledger.RowsAsync(
            $"select count(*), count(*) filter (where data ? 'planted') from ledger.mt_doc_payment where id = '{payment}'"));
        Assert.Equal(["1 | 1 | 1 | 1"], await ledger.VersionsAsync(payment));
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(70), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_decline_decided_on_a_wallet_topped_up_meanwhile_is_not_committed_with_its_write_but_decided_again(bool cache)
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true, cache);
        await using var other = ledger.OtherInstance();
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 5);

        // The batch, its transaction's only work (so its write carries the commit): a payment of 10 from a wallet
        // holding 5, declined without a single event on the wallet, then a command that waits while the other instance
        // tops the wallet up. Only the wallet's version says the decline was decided on a balance that is gone.
        var payment = await PayInABatchAsync(ledger, ledger.Get<PaymentUseCases>(), "declined-on-stale", wallet, terminal, 10, async () =>
        {
            var ctx = LedgerFixture.Context("other-top-up");
            await other.GetRequiredService<WalletUseCases>().HandleAsync(
                new TopUpWallet(wallet, ctx.IdFor("top-up"), Eur(100), "card-acquirer-ref", ctx.Now), ctx, default);
        });

        // Decided again on the wallet as it now is: authorized, and the decline was never committed.
        AssertDecidedAgain(ledger, cache);
        Assert.Equal(PaymentStatus.Authorized, payment.Outcome.Status);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(95), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        Assert.Equal(["0"], await ledger.RowsAsync(
            $"select count(*) from ledger.mt_events where stream_id = '{payment.Outcome.Id}' and type like 'payment_declined%'"));
    }

    [Fact]
    public async Task A_commit_that_fails_in_the_write_round_trip_answers_its_callers_with_the_error_and_their_retry_lands_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        // A constraint checked at commit refuses this payment's idempotency record: every statement of the write runs,
        // and the commit sent with them fails. Its outcome is the commit's, not a statement's: the batch must not be
        // taken for one that failed before its commit and run again.
        await ledger.RowsAsync(
            "create function ledger.refuse_at_commit() returns trigger language plpgsql as $$ begin raise exception 'refused at commit'; end $$; " +
            "create constraint trigger refuse_at_commit after insert on ledger.mt_doc_idempotencydocument deferrable initially deferred " +
            "for each row when (new.id like '%commit-fails%') execute function ledger.refuse_at_commit()");

        var before = ledger.Store.SetBased;
        var error = await Record.ExceptionAsync(() => PayAsync(payments, "commit-fails", wallet, terminal, 10));

        Assert.IsType<PostgresException>(error, exactMatch: false);
        Assert.Contains("refused at commit", error.Message, StringComparison.Ordinal);
        Assert.Equal((before.Written + 1, before.Fallbacks), ledger.Store.SetBased);
        Assert.Equal(["0 | 0"], await ledger.RowsAsync(
            "select (select count(*) from ledger.mt_doc_idempotencydocument where id like '%commit-fails%'), " +
            $"(select count(*) from ledger.mt_events where stream_id = '{wallet}' and type like 'wallet_debited%')"));

        // The caller retries with its key once the database accepts it again: paid once.
        await ledger.RowsAsync("drop trigger refuse_at_commit on ledger.mt_doc_idempotencydocument");
        var retried = await PayAsync(payments, "commit-fails", wallet, terminal, 10);
        Assert.Equal(PaymentStatus.Authorized, retried.Outcome.Status);
        Assert.False(retried.Replayed);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(90), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Fact]
    public async Task A_command_the_batch_cannot_write_runs_the_marten_way_in_the_same_transaction_between_the_others()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        var (commitsBefore, writtenBefore) = (ledger.Store.Totals.Commits, ledger.Store.SetBased.Written);

        var (gate, release) = await ledger.HoldWriterAsync();
        var first = Task.Run(() => PayAsync(payments, "before", wallet, terminal, 10));
        await SetBasedLedger.Until(() => ledger.Store.Waiting == 1);
        // Announces events only, then asks for a side write: the batch refuses it, Marten's unit of work writes it.
        var runs = 0;
        var sideWrite = ledger.Store.RunAsync(LedgerFixture.Context(), new Prefetch().ForWriting<Wallet>(wallet).OnlyEvents(), async (session, ct) =>
        {
            Interlocked.Increment(ref runs);
            var seen = await session.LoadForWritingAsync<Wallet>(wallet, ct);
            session.Enlist(new Infrastructure.EventStore.SqlSideWrite(
                ("update ledger.mt_doc_terminal set mt_last_modified = '2000-01-01' where id = ?", [terminal])));
            return seen!.Balance;
        }, default);
        await SetBasedLedger.Until(() => ledger.Store.Waiting == 2);
        var second = Task.Run(() => PayAsync(payments, "after", wallet, terminal, 20));
        await SetBasedLedger.Until(() => ledger.Store.Waiting == 3);
        release.SetResult();
        await gate;

        Assert.Equal(PaymentStatus.Authorized, (await first).Outcome.Status);
        // The Marten way read the wallet after the first payment, which the batch wrote before handing over.
        Assert.Equal(Eur(90), await sideWrite);
        Assert.Equal(PaymentStatus.Authorized, (await second).Outcome.Status);
        Assert.Equal(2, runs);
        Assert.Equal(writtenBefore + 2, ledger.Store.SetBased.Written);
        Assert.Equal(0, ledger.Store.SetBased.Fallbacks);
        // The gate's transaction and one more for the three.
        Assert.Equal(commitsBefore + 2, ledger.Store.Totals.Commits);
        Assert.Equal(["2000-01-01"], await ledger.RowsAsync(
            $"select to_char(mt_last_modified at time zone 'utc', 'YYYY-MM-DD') from ledger.mt_doc_terminal where id = '{terminal}'"));
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(70), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Fact]
    public async Task One_request_sent_to_two_instances_at_once_pays_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        await using var twin = await ledger.TwinAsync();
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);

        var (gateA, releaseA) = await ledger.HoldWriterAsync();
        var (gateB, releaseB) = await twin.HoldWriterAsync();
        var ctx = LedgerFixture.Context("the-same-request");
        var command = new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, Eur(25), ctx.Now);
        var viaA = Task.Run(() => ledger.Get<PaymentUseCases>().AuthorizeAsync(command, ctx, default));
        var viaB = Task.Run(() => twin.Get<PaymentUseCases>().AuthorizeAsync(command, ctx, default));
        await SetBasedLedger.Until(() => ledger.Store.Waiting == 1 && twin.Store.Waiting == 1);
        releaseA.SetResult();
        releaseB.SetResult();
        await Task.WhenAll(gateA, gateB);
        var answers = await Task.WhenAll(viaA, viaB);

        Assert.All(answers, a => Assert.Equal(PaymentStatus.Authorized, a.Outcome.Status));
        Assert.Single(answers, a => a.Replayed);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(75), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        Assert.Equal(["1"], await ledger.RowsAsync($"select count(*) from ledger.mt_events where type = 'payment_authorized.v1' and stream_id = '{command.PaymentId}'"));
    }

    /// <summary>Set-up one command at a time; then one batch of payments, a top-up, a replay and a reused key; then one more payment.</summary>
    private static async Task<List<string>> ScriptAsync(SetBasedLedger ledger)
    {
        var answers = new List<string>();
        var merchants = ledger.Get<MerchantUseCases>();
        var wallets = ledger.Get<WalletUseCases>();
        var payments = ledger.Get<PaymentUseCases>();
        var merchantId = Context("merchant", 0).IdFor("merchant");
        var terminalId = Context("terminal", 0).IdFor("terminal");
        await merchants.HandleAsync(new OnboardMerchant(merchantId, "Corner Shop", Currency.Of("EUR"), "DE89370400440532013000", T0), Context("merchant", 0), default);
        await merchants.HandleAsync(new RegisterTerminal(terminalId, merchantId, "till 1", new GeoPoint(52.52, 13.40), T0), Context("terminal", 0), default);
        var first = Context("wallet-1", 1).IdFor("wallet");
        var second = Context("wallet-2", 1).IdFor("wallet");
        foreach (var (id, key) in new[] { (first, "wallet-1"), (second, "wallet-2") })
        {
            answers.Add(await AnswerAsync(() => wallets.HandleAsync(
                new OpenWallet(id, "Ada Lovelace", "+4915112345678", Currency.Of("EUR"), null, T0), Context(key, 1), default)));
            answers.Add(await AnswerAsync(() => wallets.HandleAsync(new EnableFacePay(id, "consent-2026-01", T0), Context(key + "-face", 2), default)));
            answers.Add(await AnswerAsync(() => wallets.HandleAsync(
                new TopUpWallet(id, Context(key + "-top-up", 3).IdFor("top-up"), Eur(100), "card-acquirer-ref", T0), Context(key + "-top-up", 3, "funding"), default)));
        }

        Task<string> Pay(string key, Guid wallet, Guid terminal, decimal amount, int minute) => AnswerAsync(() =>
        {
            var ctx = Context(key, minute);
            return payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, Eur(amount), ctx.Now), ctx, default);
        });

        // Hold the only writer so that everything below queues and is taken into one transaction.
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var gate = ledger.Store.RunAsync(Context("gate", 4), null, async (_, _) =>
        {
            running.SetResult();
            await release.Task;
            return 0;
        }, default);
        await running.Task;
        var queued = new List<Task<string>>();
        async Task Queue(Func<Task<string>> command)
        {
            var waiting = ledger.Store.Waiting;
            queued.Add(Task.Run(command));
            await SetBasedLedger.Until(() => ledger.Store.Waiting == waiting + 1);
        }
        await Queue(() => Pay("pay-1", first, terminalId, 10, 5));
        await Queue(() => Pay("pay-2", first, terminalId, 20, 5));
        await Queue(() => Pay("pay-3", second, terminalId, 5_000, 5));
        await Queue(() => AnswerAsync(() => wallets.HandleAsync(
            new TopUpWallet(second, Context("top-up-3", 5).IdFor("top-up"), Eur(30), "card-acquirer-ref", T0.AddMinutes(5)), Context("top-up-3", 5, "refund of a fee"), default)));
        await Queue(() => Pay("pay-1", first, terminalId, 10, 5));
        await Queue(() => Pay("pay-1", first, terminalId, 11, 5));
        await Queue(() => Pay("pay-4", second, Guid.Parse("00000000-0000-0000-0000-00000000beef"), 1, 5));
        await Queue(() => Pay("pay-5", second, terminalId, 40, 6));
        release.SetResult();
        await gate;
        answers.AddRange(await Task.WhenAll(queued));
        answers.Add(await Pay("pay-6", first, terminalId, 1, 7));
        return answers;
    }

    internal static async Task<(Guid Merchant, Guid Terminal)> OnboardAsync(SetBasedLedger ledger)
    {
        var merchants = ledger.Get<MerchantUseCases>();
        var ctx = LedgerFixture.Context();
        var merchantId = ctx.IdFor("merchant");
        await merchants.HandleAsync(new OnboardMerchant(merchantId, "Corner Shop", Currency.Of("EUR"), "DE89370400440532013000", ctx.Now), ctx, default);
        var tctx = LedgerFixture.Context();
        await merchants.HandleAsync(new RegisterTerminal(tctx.IdFor("terminal"), merchantId, "till 1", new GeoPoint(52.52, 13.40), tctx.Now), tctx, default);
        return (merchantId, tctx.IdFor("terminal"));
    }

    internal static async Task<Guid> FundedWalletAsync(SetBasedLedger ledger, decimal amount)
    {
        var wallets = ledger.Get<WalletUseCases>();
        var ctx = LedgerFixture.Context();
        var id = ctx.IdFor("wallet");
        await wallets.HandleAsync(new OpenWallet(id, "Ada Lovelace", "+4915112345678", Currency.Of("EUR"), null, ctx.Now), ctx, default);
        await wallets.HandleAsync(new EnableFacePay(id, "consent-2026-01", ctx.Now), LedgerFixture.Context(), default);
        await wallets.HandleAsync(new TopUpWallet(id, Guid.NewGuid(), Eur(amount), "card-acquirer-ref", ctx.Now), LedgerFixture.Context(), default);
        return id;
    }

    internal static Task<CommandResult<Payment>> PayAsync(PaymentUseCases payments, string key, Guid wallet, Guid terminal, decimal amount)
    {
        var ctx = LedgerFixture.Context(key);
        return payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, Eur(amount), ctx.Now), ctx, default);
    }

    /// <summary>The payment decided in a batch whose write waits while <paramref name="meanwhile"/> runs.</summary>
    private static Task<CommandResult<Payment>> PayInABatchAsync(SetBasedLedger ledger, PaymentUseCases payments, string key, Guid wallet,
        Guid terminal, decimal amount, Func<Task> meanwhile) =>
        ledger.DecidedBeforeAsync<Wallet, CommandResult<Payment>>(wallet, () => PayAsync(payments, key, wallet, terminal, amount), meanwhile);
}
