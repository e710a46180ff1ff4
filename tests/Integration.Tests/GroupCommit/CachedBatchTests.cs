using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

using static Ledger.Integration.Tests.GroupCommit.SetBasedLedger;
using static Ledger.Integration.Tests.GroupCommit.SetBasedWriteTests;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// A set-based batch whose wallet, terminal and merchant the writer committed or read before decides on those snapshots
/// without a read round trip, and takes its idempotency keys to be new. Everything it took on trust is checked when it is
/// written; what fails a check is decided again on what the database holds. The attacks: state changed at another
/// instance after it was cached, and a retry whose key already has an answer.
/// </summary>
public sealed class CachedBatchTests
{
    [Fact]
    public async Task Payments_from_a_wallet_at_a_till_paid_at_before_are_decided_on_cached_snapshots_and_land_exactly()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();

        // The first payment reads the terminal and merchant; the next three find everything cached.
        Assert.Equal(PaymentStatus.Authorized, (await PayAsync(payments, "first", wallet, terminal, 10)).Outcome.Status);
        var before = ledger.Store.SnapshotCache;
        foreach (var key in new[] { "second", "third", "fourth" })
            Assert.Equal(PaymentStatus.Authorized, (await PayAsync(payments, key, wallet, terminal, 10)).Outcome.Status);

        Assert.Equal((before.Cached + 3, 0L), ledger.Store.SnapshotCache);
        Assert.Equal(0, ledger.Store.SetBased.Fallbacks);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(60), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        // Opened, face pay, top-up, four debits: versions 1 to 7, none lost, none twice.
        Assert.Equal(["7 | 1 | 7 | 7"], await ledger.VersionsAsync(wallet));
    }

    [Theory]
    [InlineData("terminal suspended")]
    [InlineData("merchant suspended")]
    [InlineData("wallet frozen")]
    public async Task Attack_state_changed_at_another_instance_after_this_one_cached_it_is_not_paid_past(string change)
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        await using var other = ledger.OtherInstance();
        var (merchant, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        Assert.Equal(PaymentStatus.Authorized, (await PayAsync(payments, "cached", wallet, terminal, 10)).Outcome.Status);

        // An operator (or the fraud policy) at the other instance: this instance's writer still holds the snapshot from before.
        var ctx = LedgerFixture.Context();
        switch (change)
        {
            case "terminal suspended":
                await other.GetRequiredService<MerchantUseCases>().HandleAsync(new SuspendTerminal(terminal, "stolen", ctx.Now), ctx, default);
                break;
            case "merchant suspended":
                await other.GetRequiredService<MerchantUseCases>().HandleAsync(new SuspendMerchant(merchant, "fraud", ctx.Now), ctx, default);
                break;
            default:
                await other.GetRequiredService<WalletUseCases>().HandleAsync(new FreezeWallet(wallet, "lost phone", ctx.Now), ctx, default);
                break;
        }
        var stale = ledger.Store.SnapshotCache.Stale;
        var answer = await AnswerAsync(() => PayAsync(payments, "after-the-change", wallet, terminal, 10));

        Assert.DoesNotContain("Authorized", answer, StringComparison.Ordinal);
        Assert.Equal(stale + 1, ledger.Store.SnapshotCache.Stale);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(90), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        Assert.Equal(["1"], await ledger.RowsAsync(
            $"select count(*) from ledger.mt_events where stream_id = '{wallet}' and type like 'wallet_debited%'"));
    }

    [Fact]
    public async Task A_till_kept_as_suspended_and_reactivated_at_another_instance_pays_again_here()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        await using var other = ledger.OtherInstance();
        var (_, terminal) = await OnboardAsync(ledger);
        var (_, elsewhere) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        var suspend = LedgerFixture.Context();
        await ledger.Get<MerchantUseCases>().HandleAsync(new SuspendTerminal(terminal, "stolen", suspend.Now), suspend, default);
        await KeepInOneBatchAsync(ledger, (payments, "at-suspended", wallet, terminal), (payments, "elsewhere", wallet, elsewhere));

        // Reactivated where this instance does not see it; a wallet this instance never kept makes the batch read, so its
        // keys are read too. A refusal decided on the kept till would write nothing, and so meet no check: it is decided
        // again on what the database holds.
        var reactivate = LedgerFixture.Context();
        await other.GetRequiredService<MerchantUseCases>().HandleAsync(new ReactivateTerminal(terminal, reactivate.Now), reactivate, default);
        var open = LedgerFixture.Context();
        var unseen = open.IdFor("wallet");
        var wallets = other.GetRequiredService<WalletUseCases>();
        await wallets.HandleAsync(new OpenWallet(unseen, "Grace Hopper", "+4915112345679", Currency.Of("EUR"), null, open.Now), open, default);
        await wallets.HandleAsync(new EnableFacePay(unseen, "consent-2026-01", open.Now), LedgerFixture.Context(), default);
        await wallets.HandleAsync(new TopUpWallet(unseen, Guid.NewGuid(), Eur(50), "card-acquirer-ref", open.Now), LedgerFixture.Context(), default);
        var stale = ledger.Store.SnapshotCache.Stale;
        var paid = await PayAsync(payments, "after-reactivation", unseen, terminal, 10);

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal(stale + 1, ledger.Store.SnapshotCache.Stale);
    }

    [Fact]
    public async Task Attack_a_retry_of_an_accepted_payment_decided_on_cached_snapshots_gets_its_first_answer_and_pays_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        var first = await PayAsync(payments, "pay-60", wallet, terminal, 60);
        await PayAsync(payments, "pay-30", wallet, terminal, 30);

        // Decided again on the cached wallet (10 left) the retry would be declined; its key says it was answered already.
        var stale = ledger.Store.SnapshotCache.Stale;
        var retry = await PayAsync(payments, "pay-60", wallet, terminal, 60);

        Assert.True(retry.Replayed);
        Assert.Equal(first.Outcome, retry.Outcome);
        Assert.Equal(stale + 1, ledger.Store.SnapshotCache.Stale);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(10), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Fact]
    public async Task Attack_a_retry_of_an_accepted_payment_that_a_rule_would_now_refuse_gets_its_first_answer_not_the_refusal()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (merchant, terminal) = await OnboardAsync(ledger);
        var (_, elsewhere) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        var first = await PayAsync(payments, "accepted", wallet, terminal, 10);
        var suspend = LedgerFixture.Context();
        await ledger.Get<MerchantUseCases>().HandleAsync(new SuspendMerchant(merchant, "fraud", suspend.Now), suspend, default);

        // One batch caches the merchant as suspended: a payment there (refused) beside one elsewhere (committed).
        await KeepInOneBatchAsync(ledger, (payments, "at-suspended", wallet, terminal), (payments, "elsewhere", wallet, elsewhere));

        // The retry finds every snapshot cached and the merchant suspended: a refusal is no answer until its key is read.
        var (cached, stale) = ledger.Store.SnapshotCache;
        var retry = await PayAsync(payments, "accepted", wallet, terminal, 10);

        Assert.True(retry.Replayed);
        Assert.Equal(first.Outcome, retry.Outcome);
        Assert.Equal((cached + 1, stale + 1), ledger.Store.SnapshotCache);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(80), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    /// <summary>
    /// A payment refused at a suspended till or merchant and one elsewhere, in one batch: the writer keeps the suspended
    /// till and merchant as the batch read them.
    /// </summary>
    private static async Task KeepInOneBatchAsync(SetBasedLedger ledger,
        (PaymentUseCases Payments, string Key, Guid Wallet, Guid Terminal) refused, (PaymentUseCases Payments, string Key, Guid Wallet, Guid Terminal) paid)
    {
        var (gate, release) = await ledger.HoldWriterAsync();
        var refusal = Task.Run(() => AnswerAsync(() => PayAsync(refused.Payments, refused.Key, refused.Wallet, refused.Terminal, 10)));
        await Until(() => ledger.Store.Waiting == 1);
        var payment = Task.Run(() => AnswerAsync(() => PayAsync(paid.Payments, paid.Key, paid.Wallet, paid.Terminal, 10)));
        await Until(() => ledger.Store.Waiting == 2);
        release.SetResult();
        await gate;
        Assert.Equal(nameof(DomainRuleViolation), await refusal);
        Assert.StartsWith("Authorized", await payment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_each_with_its_cache_paying_in_turn_from_one_wallet_keep_its_balance_and_versions_exact()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        await using var twin = await ledger.TwinAsync();
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);

        // Each instance's cached wallet is one payment behind whenever its turn comes.
        for (var i = 0; i < 6; i++)
        {
            var at = i % 2 == 0 ? ledger : twin;
            Assert.Equal(PaymentStatus.Authorized, (await PayAsync(at.Get<PaymentUseCases>(), $"turn-{i}", wallet, terminal, 5)).Outcome.Status);
        }

        Assert.True(ledger.Store.SnapshotCache.Stale >= 2, $"{ledger.Store.SnapshotCache}");
        Assert.True(twin.Store.SnapshotCache.Stale >= 2, $"{twin.Store.SnapshotCache}");
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(70), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        Assert.Equal(["9 | 1 | 9 | 9"], await ledger.VersionsAsync(wallet));
    }
}
