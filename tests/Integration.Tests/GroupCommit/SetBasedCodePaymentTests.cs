using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Infrastructure.PaymentCodes;
using Ledger.Infrastructure.Terminals;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Ledger.Integration.Tests.GroupCommit.SetBasedLedger;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// Payments by code decided in a set-based batch: the code's step used on the credential's stream and a till's failed
/// attempts on the terminal's stream are written as Marten writes them, version-checked, so a code presented at two
/// tills or on two service instances at once still pays once.
/// </summary>
public sealed class SetBasedCodePaymentTests
{
    private static readonly PaymentCredentialId Credential = new(123_456_789_012);
    private static readonly byte[] DeviceKey = Enumerable.Range(1, PaymentCodeGenerator.KeyBytes).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task A_batch_of_code_payments_written_set_based_leaves_the_same_rows_and_answers_as_marten()
    {
        await using var setBased = await SetBasedLedger.StartAsync(setBased: true);
        await using var marten = await SetBasedLedger.StartAsync(setBased: false);

        var answersSetBased = await ScriptAsync(setBased);
        var answersMarten = await ScriptAsync(marten);

        Assert.Equal(answersMarten, answersSetBased);
        var all = string.Join('\n', answersSetBased);
        Assert.Contains("Authorized", all);
        Assert.Contains("PaymentCodeRejected", all);
        Assert.Contains("DomainRuleViolation", all);
        Assert.Contains("replayed", all);
        await AssertSameRowsAsync(setBased, marten);
        // The till's fifth failure in a minute suspended it inside the batch; the attempt after that was refused.
        Assert.Equal(["terminal_attempt_failed.v1 | 5", "terminal_suspended.v1 | 1"], await setBased.RowsAsync(
            "select type, count(*) from ledger.mt_events where type like 'terminal_attempt_failed%' or type like 'terminal_suspended%' group by type order by type"));
        Assert.True(setBased.Store.SetBased.Written >= 12, $"only {setBased.Store.SetBased.Written} commands were written set-based");
        Assert.Equal(0, setBased.Store.SetBased.Fallbacks);
        // Each stage of a set-based transaction is timed apart, the write's building apart from its round trip.
        Assert.All([GroupCommitStage.Read, GroupCommitStage.Decide, GroupCommitStage.Prepare, GroupCommitStage.Write],
            stage => Assert.True(setBased.Store.Stages[stage] > TimeSpan.Zero, $"{stage} was never timed"));
    }

    [Fact]
    public async Task Attack_one_code_presented_twenty_times_at_once_through_group_commit_pays_exactly_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (tills, wallet) = await SetUpAsync(ledger, tills: 5);
        var payments = CodePayments(ledger.Services);
        var before = ledger.Store.SetBased;

        var code = CodeAt(Context("any", 5).Now);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Pay(payments, $"presented-{i}", code, tills[i % tills.Length], 3, minute: 5))));

        Assert.Single(answers, a => a.StartsWith("Authorized", StringComparison.Ordinal));
        Assert.All(answers.Where(a => !a.StartsWith("Authorized", StringComparison.Ordinal)),
            a => Assert.StartsWith("Declined PaymentCodeRejected", a, StringComparison.Ordinal));
        Assert.Equal(before.Written + 20, ledger.Store.SetBased.Written);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(97), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        Assert.Equal(["1"], await ledger.RowsAsync($"select count(*) from ledger.mt_events where stream_id = '{wallet}' and type = 'wallet_debited.v1'"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Attack_a_code_paid_at_another_instance_between_a_batch_read_and_its_write_is_declined_there_and_pays_once(bool cache)
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true, cache);
        await using var other = ledger.OtherInstance();
        var (tills, wallet) = await SetUpAsync(ledger, tills: 2);
        var code = CodeAt(Context("any", 5).Now);

        // This instance's batch decides the code accepted on the credential as it was read; the other instance pays with
        // the same code before the batch is written. The write finds the credential's version moved: nothing of the batch
        // is committed, and the code is decided again, on the credential as it now is.
        string? meanwhile = null;
        var here = await ledger.DecidedBeforeAsync<PaymentCredential, string>(Credential.StreamId,
            () => Pay(CodePayments(ledger.Services), "at-till-a", code, tills[0], 25, minute: 5),
            async () => meanwhile = await Pay(CodePayments(other), "at-till-b", code, tills[1], 25, minute: 5));

        Assert.StartsWith("Authorized", meanwhile, StringComparison.Ordinal);
        Assert.StartsWith("Declined PaymentCodeRejected", here, StringComparison.Ordinal);
        AssertDecidedAgain(ledger, cache);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(75), (await read.LoadAsync<Wallet>(wallet))!.Balance);
        // Registered, the step used, the replay refused: versions 1 to 3, none lost, none twice.
        Assert.Equal(["3 | 1 | 3 | 3"], await ledger.VersionsAsync(Credential.StreamId));
    }

    [Fact]
    public async Task A_code_from_a_credential_the_writers_never_saw_is_decided_on_the_credential_read_with_its_key()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (tills, wallet) = await SetUpAsync(ledger, tills: 1);
        var payments = CodePayments(ledger.Services);
        // The first payment leaves the wallet, the till and its merchant with the writers; a phone then gets a new credential,
        // registered the Marten way as through the API, which the writers have never seen.
        Assert.StartsWith("Authorized", await Pay(payments, "first", CodeAt(Context("any", 5).Now), tills[0], 10, minute: 5), StringComparison.Ordinal);
        var fresh = new PaymentCredentialId(210_987_654_321);
        await RegisterCredentialAsync(ledger, wallet, fresh);
        var before = ledger.Store.SnapshotCache;

        var answer = await Pay(payments, "fresh", PaymentCode.Of(fresh, PaymentCodeGenerator.CodeAt(DeviceKey, Context("any", 6).Now)),
            tills[0], 20, minute: 6);

        Assert.StartsWith("Authorized", answer, StringComparison.Ordinal);
        // Decided without a read round trip: the credential came with its key, the rest was kept from the first payment.
        Assert.Equal((before.Cached + 1, before.Stale), ledger.Store.SnapshotCache);
        Assert.Equal(["2 | 1 | 2 | 2"], await ledger.VersionsAsync(fresh.StreamId));
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(70), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    /// <summary>
    /// Set-up one command at a time; then one batch: a payment, the same code at another till, a replay, wrong codes
    /// and an unknown credential until a till is suspended, a payment at the suspended till, the next code, a decline
    /// for funds; then one more payment alone.
    /// </summary>
    private static async Task<List<string>> ScriptAsync(SetBasedLedger ledger)
    {
        var (tills, _) = await SetUpAsync(ledger, tills: 2);
        var (a, b) = (tills[0], tills[1]);
        var payments = CodePayments(ledger.Services);
        var answers = new List<string>();
        var (gate, release) = await ledger.HoldWriterAsync();
        var queued = new List<Task<string>>();
        async Task Queue(string key, PaymentCode code, Guid till, decimal amount, int minute)
        {
            var waiting = ledger.Store.Waiting;
            queued.Add(Task.Run(() => Pay(payments, key, code, till, amount, minute)));
            await Until(() => ledger.Store.Waiting == waiting + 1);
        }
        var atFive = CodeAt(Context("any", 5).Now);
        var wrong = PaymentCode.Of(Credential, atFive.Otp == "00000000" ? "11111111" : "00000000");
        var unknown = PaymentCode.Of(new PaymentCredentialId(999_999_999_999), atFive.Otp);
        await Queue("pay-1", atFive, a, 10, 5);
        await Queue("pay-2", atFive, b, 10, 5);
        await Queue("pay-1", atFive, a, 10, 5);
        for (var i = 0; i < 3; i++) await Queue($"wrong-{i}", wrong, b, 1, 5);
        for (var i = 0; i < 2; i++) await Queue($"unknown-{i}", unknown, b, 1, 5);
        await Queue("at-suspended", CodeAt(Context("any", 6).Now), b, 1, 6);
        await Queue("pay-3", CodeAt(Context("any", 6).Now), a, 20, 6);
        await Queue("too-much", CodeAt(Context("any", 7).Now), a, 500, 7);
        release.SetResult();
        await gate;
        answers.AddRange(await Task.WhenAll(queued));
        answers.Add(await Pay(payments, "pay-4", CodeAt(Context("any", 8).Now), a, 1, 8));
        return answers;
    }

    /// <summary>A merchant with <paramref name="tills"/> tills, and a wallet of 100 EUR with the device's credential.</summary>
    private static async Task<(Guid[] Tills, Guid Wallet)> SetUpAsync(SetBasedLedger ledger, int tills)
    {
        var merchants = ledger.Get<MerchantUseCases>();
        var wallets = ledger.Get<WalletUseCases>();
        var merchantId = Context("merchant", 0).IdFor("merchant");
        await merchants.HandleAsync(new OnboardMerchant(merchantId, "Corner Shop", Currency.Of("EUR"), "DE89370400440532013000", T0), Context("merchant", 0), default);
        var tillIds = new Guid[tills];
        for (var i = 0; i < tills; i++)
        {
            var ctx = Context($"till-{i}", 0);
            tillIds[i] = ctx.IdFor("terminal");
            await merchants.HandleAsync(new RegisterTerminal(tillIds[i], merchantId, $"till {i}", new GeoPoint(52.52, 13.40), T0), ctx, default);
        }
        var wallet = Context("wallet", 1).IdFor("wallet");
        await wallets.HandleAsync(new OpenWallet(wallet, "Ada Lovelace", "+4915112345678", Currency.Of("EUR"), null, T0), Context("wallet", 1), default);
        await wallets.HandleAsync(new EnableFacePay(wallet, "consent-2026-01", T0), Context("wallet-face", 1), default);
        await wallets.HandleAsync(new TopUpWallet(wallet, Context("top-up", 2).IdFor("top-up"), Eur(100), "card-acquirer-ref", T0),
            Context("top-up", 2, "funding"), default);
        await RegisterCredentialAsync(ledger, wallet);
        return (tillIds, wallet);
    }

    /// <summary>
    /// The device's credential with a known number and key (registration through the API draws both at random), written
    /// the Marten way as registration is: its key is a side write.
    /// </summary>
    private static async Task RegisterCredentialAsync(SetBasedLedger ledger, Guid walletId, PaymentCredentialId? id = null)
    {
        var credential = id ?? Credential;
        var ctx = Context(id is null ? "credential" : $"credential-{credential}", 3);
        var keys = Keys(ledger.Services);
        await ledger.Get<CommandExecutor>().ExecuteAsync(ctx, "register-credential", async (session, ct) =>
        {
            var wallet = await session.ReadAsync<Wallet>(walletId, ct);
            var events = PaymentCredentialDecider.Decide(new RegisterPaymentCredential(credential, walletId, ctx.Now), null,
                PaymentCodePolicy.Default, wallet);
            session.Append<PaymentCredential>(credential.StreamId, events.Cast<object>().ToArray());
            session.Enlist(keys.Store(credential.StreamId, walletId, (byte[])DeviceKey.Clone(), ctx.Now));
            return 0;
        }, default);
    }

    private static PaymentCodeUseCases CodePayments(IServiceProvider services) =>
        new(services.GetRequiredService<CommandExecutor>(), Keys(services), PaymentCodePolicy.Default);

    private static PaymentCredentialKeyStore Keys(IServiceProvider services) =>
        new(services.GetRequiredService<NpgsqlDataSource>(), new SecretSealer(Enumerable.Repeat((byte)7, 32).ToArray()),
            services.GetRequiredService<IDocumentStore>().Options.Serializer(), "ledger");

    private static PaymentCode CodeAt(DateTimeOffset at) => PaymentCode.Of(Credential, PaymentCodeGenerator.CodeAt(DeviceKey, at));

    private static Task<string> Pay(PaymentCodeUseCases payments, string key, PaymentCode code, Guid till, decimal amount, int minute) =>
        AnswerAsync(() =>
        {
            var ctx = Context(key, minute);
            return payments.PayAsync(new PayByCode(ctx.IdFor("payment"), code, till, Eur(amount), ctx.Now), ctx, default);
        });
}
