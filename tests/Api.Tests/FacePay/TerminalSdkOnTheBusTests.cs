using Ledger.Api.Tests.Support;
using Ledger.Terminal;
using Ledger.Terminal.Bus;
using FacePaymentReplied = Ledger.Terminal.Bus.FacePaymentReplied;
using FacePaymentRequested = Ledger.Terminal.Bus.FacePaymentRequested;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// The terminal SDK's bus client against the service on RabbitMQ: its own message records reach the service's queue
/// under the service's wire names, every reply is verified with the terminal's key, and a retry under the same key after
/// a lost reply never pays twice.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TerminalSdkOnTheBusTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    private static readonly TerminalClientOptions Quick = new() { FirstDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(60) };

    private BusTerminalClient Client(TerminalCredential terminal) => new(Requests(), terminal.Sdk, Quick with { Time = api.Clock });

    private IRequestClient<FacePaymentRequested> Requests() =>
        BusTerminalClient.RequestClient(api.Services.GetRequiredService<IClientFactory>(),
            api.Services.GetRequiredService<Infrastructure.Messaging.MessagingOptions>().EntityPrefix, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task The_sdk_pays_on_the_bus_with_a_verified_reply_and_a_second_send_of_the_same_request_is_the_same_payment()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var client = Client(terminal);
        var request = client.PrepareFacePayment(new FacePayment(Amount.Parse("2.10", "EUR"), CustomerHint.Phone(penny.Phone), Image: Faces.Crop("penny", 5)),
            ApiFixture.Key());

        var paid = Assert.IsType<PaymentOutcome.Authorized>(await client.PayAsync(request));
        var again = Assert.IsType<PaymentOutcome.Authorized>(await client.PayAsync(request));

        Assert.Equal(paid.PaymentId, again.PaymentId);
        Assert.Equal((1, 1), (paid.Attempts, again.Attempts));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", penny.WalletId));
    }

    [Fact]
    public async Task A_reply_lost_on_the_way_is_no_answer_and_the_retry_under_the_same_key_gets_the_one_payment()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var client = new BusTerminalClient(LosingFirstReply(), terminal.Sdk, Quick with { Time = api.Clock });

        var paid = Assert.IsType<PaymentOutcome.Authorized>(await client.PayWithFaceAsync(
            new FacePayment(Amount.Parse("1.10", "EUR"), CustomerHint.Phone(penny.Phone), Image: Faces.Crop("penny", 5)), ApiFixture.Key()));

        Assert.Equal(2, paid.Attempts);
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", penny.WalletId));
    }

    [Fact]
    public async Task A_pin_never_goes_on_the_bus() =>
        Assert.Throws<ArgumentException>(() => Client(new TerminalCredential(Guid.NewGuid(), Guid.NewGuid(), "tk_x", "s")).PrepareFacePayment(
            new FacePayment(Amount.Parse("80.00", "EUR"), CustomerHint.LastFour("1234"), Image: [1], Pin: "2468"), "k"));

    /// <summary>The broker delivers the first request and the service answers it, but the reply never reaches the till.</summary>
    private Func<FacePaymentRequested, CancellationToken, Task<FacePaymentReplied>> LosingFirstReply()
    {
        var requests = Requests();
        var sent = 0;
        return async (message, ct) =>
        {
            var reply = (await requests.GetResponse<FacePaymentReplied>(message, ct)).Message;
            if (Interlocked.Increment(ref sent) == 1) throw new RequestTimeoutException("the reply was lost");
            return reply;
        };
    }
}
