using System.Text.Json;
using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Idempotency;

/// <summary>
/// A payment command's idempotency record refers to the payment's stream instead of holding a copy of the payment: a
/// repeat folds the stream through the events its key appended. Whatever happened to the payment since (a refund), the
/// repeat gets the answer first given, and a record that refers to nothing is an error, never a new decision.
/// </summary>
public abstract class AnswerByReferenceTestsContract(LedgerFixture fixture)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task An_authorized_and_a_declined_payment_are_recorded_by_reference_and_repeated_as_first_answered()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(20));
        var (paid, paidAgain) = await AuthorizeTwiceAsync(walletId, terminalId, 12.5m);
        var (declined, declinedAgain) = await AuthorizeTwiceAsync(walletId, terminalId, 30m);

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal((PaymentStatus.Declined, DeclineReason.InsufficientFunds), (declined.Outcome.Status, declined.Outcome.DeclineReason));
        foreach (var (first, again) in new[] { (paid, paidAgain), (declined, declinedAgain) })
        {
            Assert.False(first.Replayed);
            Assert.True(again.Replayed);
            Assert.Equal(Json(first.Outcome), Json(again.Outcome));
            var record = await RecordOfAsync(first.Outcome.Id);
            Assert.Equal((first.Outcome.Id, ""), (record.AnswerStream, record.Outcome));
        }
        Assert.Equal(LedgerFixture.Eur(7.5m), (await LoadAsync<Wallet>(walletId)).Balance);
    }

    [Fact]
    public async Task Repeats_after_refunds_get_the_payment_as_each_command_left_it()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(50));
        var (paid, _) = await AuthorizeTwiceAsync(walletId, terminalId, 10m);
        var firstRefund = await RefundAsync(paid.Outcome.Id, "refund-1", 4m);
        var secondRefund = await RefundAsync(paid.Outcome.Id, "refund-2", 6m);

        var paidAgain = await AuthorizeAsync(paid.Outcome.Id, walletId, terminalId, 10m);
        var firstRefundAgain = await RefundAsync(paid.Outcome.Id, "refund-1", 4m);
        var secondRefundAgain = await RefundAsync(paid.Outcome.Id, "refund-2", 6m);

        Assert.Equal((PaymentStatus.Authorized, LedgerFixture.Eur(0)), (paidAgain.Outcome.Status, paidAgain.Outcome.Refunded));
        Assert.Equal((PaymentStatus.PartiallyRefunded, LedgerFixture.Eur(4)), (firstRefundAgain.Outcome.Status, firstRefundAgain.Outcome.Refunded));
        Assert.Equal((PaymentStatus.Refunded, LedgerFixture.Eur(10)), (secondRefundAgain.Outcome.Status, secondRefundAgain.Outcome.Refunded));
        Assert.All([paidAgain, firstRefundAgain, secondRefundAgain], r => Assert.True(r.Replayed));
        Assert.Equal(Json(paid.Outcome), Json(paidAgain.Outcome));
        Assert.Equal(Json(firstRefund.Outcome), Json(firstRefundAgain.Outcome));
        Assert.Equal(Json(secondRefund.Outcome), Json(secondRefundAgain.Outcome));
        Assert.Equal(paid.Outcome.Id, (await RecordOfAsync(paid.Outcome.Id, "refund-2")).AnswerStream);
        Assert.Equal(LedgerFixture.Eur(50), (await LoadAsync<Wallet>(walletId)).Balance);
    }

    [Fact]
    public async Task A_record_whose_stream_lacks_its_events_is_an_error_and_decides_nothing_again()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(50));
        var (paid, _) = await AuthorizeTwiceAsync(walletId, terminalId, 10m);
        // Damage the store as only an operator with the schema owner's rights could: the events lose their key.
        await using (var connection = await fixture.DataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "update ledger.mt_events set headers = headers - 'idempotency-key' where stream_id = $1";
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = paid.Outcome.Id });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthorizeAsync(paid.Outcome.Id, walletId, terminalId, 10m));
        Assert.Contains(paid.Outcome.Id.ToString(), error.Message);
        Assert.Equal(LedgerFixture.Eur(40), (await LoadAsync<Wallet>(walletId)).Balance);
    }

    private async Task<(CommandResult<Payment> First, CommandResult<Payment> Again)> AuthorizeTwiceAsync(Guid walletId, Guid terminalId, decimal amount)
    {
        var key = Guid.NewGuid().ToString("N");
        var paymentId = LedgerFixture.Context(key).IdFor("payment");
        _keys[paymentId] = key;
        return (await AuthorizeAsync(paymentId, walletId, terminalId, amount), await AuthorizeAsync(paymentId, walletId, terminalId, amount));
    }

    private readonly Dictionary<Guid, string> _keys = [];

    private Task<CommandResult<Payment>> AuthorizeAsync(Guid paymentId, Guid walletId, Guid terminalId, decimal amount)
    {
        var ctx = LedgerFixture.Context(_keys[paymentId]);
        return fixture.Payments.AuthorizeAsync(new AuthorizePayment(paymentId, walletId, terminalId, LedgerFixture.Eur(amount), ctx.Now), ctx, default);
    }

    private Task<CommandResult<Payment>> RefundAsync(Guid paymentId, string key, decimal amount)
    {
        var ctx = LedgerFixture.Context($"{paymentId:N}-{key}");
        return fixture.Payments.RefundAsync(new RefundPayment(paymentId, ctx.IdFor("refund"), LedgerFixture.Eur(amount), "return", ctx.Now), ctx, default);
    }

    private async Task<IdempotencyDocument> RecordOfAsync(Guid paymentId, string? refundKey = null)
    {
        await using var session = fixture.Store.QuerySession();
        return await session.LoadAsync<IdempotencyDocument>(refundKey is null ? _keys[paymentId] : $"{paymentId:N}-{refundKey}")
               ?? throw new InvalidOperationException($"No record for payment {paymentId}.");
    }

    private async Task<T> LoadAsync<T>(Guid id) where T : notnull
    {
        await using var session = fixture.Store.QuerySession();
        return await session.LoadAsync<T>(id) ?? throw new InvalidOperationException($"No {typeof(T).Name} {id}.");
    }

    private static string Json(Payment payment) => JsonSerializer.Serialize(payment, Web);
}

[Collection(LedgerCollection.Name)]
public sealed class AnswerByReferenceTests(LedgerFixture fixture) : AnswerByReferenceTestsContract(fixture);

[Collection(GroupCommitCollection.Name)]
public sealed class AnswerByReferenceTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : AnswerByReferenceTestsContract(fixture);
