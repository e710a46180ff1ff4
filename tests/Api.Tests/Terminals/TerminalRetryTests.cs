using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Terminal;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;

namespace Ledger.Api.Tests.Terminals;

/// <summary>
/// The terminal SDK's retries against the real service: whatever the network loses, a payment is booked once. The first
/// answer lost after the commit is answered again from the idempotency record; a request cut before it arrived is decided
/// on the retry; a decision is never sent again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TerminalRetryTests(ApiFixture api)
{
    private static readonly TerminalClientOptions Quick = new() { FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task Given_the_answer_lost_after_the_commit_when_the_till_retries_then_it_hears_the_same_payment_and_the_wallet_is_debited_once()
    {
        var terminal = await api.RegisterTerminalAsync();
        var walletId = await TerminalPayments.FundedWalletAsync(api);
        var device = await CustomerDevice.IssueAsync(api, walletId);
        var network = new LosingNetwork(loseAnswers: 1);
        var client = api.TerminalClient(terminal, network, Quick);

        var outcome = await client.PayWithCodeAsync(Amount.Parse("7.50", "EUR"), device.CodeAt(api.Clock.GetUtcNow()), ApiFixture.Key());

        var paid = Assert.IsType<PaymentOutcome.Authorized>(outcome);
        Assert.True(paid.Replayed, "the second try is answered from the record of the first");
        Assert.Equal((2, 2, 1), (paid.Attempts, network.Delivered, network.Lost));
        Assert.Equal(1L, await Debits(walletId));
    }

    [Fact]
    public async Task Given_the_connection_cut_before_the_request_arrived_when_the_till_retries_then_the_retry_is_decided_once()
    {
        var terminal = await api.RegisterTerminalAsync();
        var walletId = await TerminalPayments.FundedWalletAsync(api);
        var device = await CustomerDevice.IssueAsync(api, walletId);
        var network = new LosingNetwork(cutRequests: 2);
        var client = api.TerminalClient(terminal, network, Quick);

        var paid = Assert.IsType<PaymentOutcome.Authorized>(
            await client.PayWithCodeAsync(Amount.Parse("2.00", "EUR"), device.CodeAt(api.Clock.GetUtcNow()), ApiFixture.Key()));

        Assert.False(paid.Replayed);
        Assert.Equal((3, 1), (paid.Attempts, network.Delivered));
        Assert.Equal(1L, await Debits(walletId));
    }

    [Fact]
    public async Task A_decline_is_the_answer_and_is_not_sent_again_and_an_unanswered_payment_sent_again_later_is_booked_once()
    {
        var terminal = await api.RegisterTerminalAsync();
        var walletId = await TerminalPayments.FundedWalletAsync(api);
        var device = await CustomerDevice.IssueAsync(api, walletId);
        var code = device.CodeAt(api.Clock.GetUtcNow());
        // Every answer lost, every time: the till hears nothing, though the service booked it on the first try.
        var deaf = new LosingNetwork(loseAnswers: int.MaxValue);
        var unanswered = Assert.IsType<PaymentOutcome.Unanswered>(
            await api.TerminalClient(terminal, deaf, Quick with { MaxRetries = 2 }).PayWithCodeAsync(Amount.Parse("3.00", "EUR"), code, ApiFixture.Key()));
        Assert.Equal(3, deaf.Delivered);

        // Later, on a network that works: the same prepared request, answered from the record.
        var network = new LosingNetwork();
        var client = api.TerminalClient(terminal, network, Quick);
        var later = Assert.IsType<PaymentOutcome.Authorized>(await client.PayAsync(unanswered.Request));
        // The same code under a new key: a new payment, declined (a code pays once), and not retried.
        var again = Assert.IsType<PaymentOutcome.Declined>(await client.PayWithCodeAsync(Amount.Parse("3.00", "EUR"), code, ApiFixture.Key()));

        Assert.True(later.Replayed);
        Assert.Equal("payment_code_invalid", again.Reason);
        Assert.Equal((1, 2), (again.Attempts, network.Delivered));
        Assert.Equal(1L, await Debits(walletId));
    }

    [Fact]
    public async Task A_refusal_is_typed_with_its_problem_and_writes_nothing()
    {
        var terminal = await api.RegisterTerminalAsync();
        var client = api.TerminalClient(terminal, options: Quick);

        var refused = Assert.IsType<PaymentOutcome.Refused>(await client.PayWithCodeAsync(Amount.Parse("1.00", "EUR"), "not-a-code", ApiFixture.Key()));

        Assert.Equal((400, "urn:ledger:problem:validation", 1), (refused.Status, refused.ProblemType, refused.Attempts));
    }

    private Task<long> Debits(Guid walletId) =>
        api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", walletId);

    /// <summary>A network between till and service that cuts the first requests before they arrive, or loses the answers after.</summary>
    private sealed class LosingNetwork(int cutRequests = 0, int loseAnswers = 0) : DelegatingHandler
    {
        private int _seen;

        public int Delivered { get; private set; }

        public int Lost { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (++_seen <= cutRequests) throw new HttpRequestException("connection reset before the request was sent");
            var response = await base.SendAsync(request, ct);
            Delivered++;
            await response.Content.LoadIntoBufferAsync(ct);
            if (Lost >= loseAnswers) return response;
            Lost++;
            response.Dispose();
            throw new HttpRequestException("connection reset before the answer arrived");
        }
    }
}
