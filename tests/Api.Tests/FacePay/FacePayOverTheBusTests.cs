using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Terminals;
using Ledger.Integration.Tests.Messaging.Support;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// Verify-and-pay as a request/response on the bus: the same signature, validation and idempotency as HTTP, PIN-less
/// only; every reply signed with the terminal's key and checked by the terminal's helper; nothing left in an error queue.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FacePayOverTheBusTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task A_signed_request_on_the_bus_pays_once_a_redelivered_one_gets_the_same_decision_and_a_tampered_one_is_refused()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var client = Client(api.Services);
        var body = PaymentBody(terminal, penny, "2.00");
        var key = ApiFixture.Key();
        var message = Signed(terminal, body, key);
        var tamperedMessage = message with { Body = body.Replace("\"2.00\"", "\"9.00\""), Nonce = "fresh-" + key };
        var retriedMessage = Signed(terminal, body, key);
        // v2 signs the idempotency key: a broker-credential holder cannot move a signed body under another key.
        // (A message signed for one key, never sent, then sent under another: v1 would have taken it.)
        var movedMessage = Signed(terminal, body, ApiFixture.Key()) with { IdempotencyKey = ApiFixture.Key() };

        var paid = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        // The same message again, as the broker redelivers one whose handling ended after the commit but before the
        // acknowledgement: its nonce is used up, so it is not decided again; it gets the decision stored under its key.
        var redelivered = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        var tampered = (await client.GetResponse<FacePaymentReplied>(tamperedMessage)).Message;
        var retried = (await client.GetResponse<FacePaymentReplied>(retriedMessage)).Message;
        var moved = (await client.GetResponse<FacePaymentReplied>(movedMessage)).Message;

        Assert.Equal(201, paid.Status);
        var payment = JsonDocument.Parse(paid.Body).RootElement;
        Assert.Equal("authorized", payment.GetProperty("status").GetString());
        Assert.Equal((201, paid.Body), (redelivered.Status, redelivered.Body));
        Assert.Equal((401, "urn:ledger:problem:signature-invalid"), (tampered.Status, Type(tampered)));
        Assert.Equal(201, retried.Status);
        Assert.Equal((401, "urn:ledger:problem:signature-invalid"), (moved.Status, Type(moved)));
        Assert.Equal(payment.GetProperty("paymentId").GetGuid(), JsonDocument.Parse(retried.Body).RootElement.GetProperty("paymentId").GetGuid());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", penny.WalletId));
        // Decisions and refusals alike are signed with the terminal's key, each bound to the request it answers.
        Assert.True(Verify(paid, message, terminal).IsGenuine);
        Assert.True(Verify(redelivered, message, terminal).IsGenuine);
        Assert.True(Verify(tampered, tamperedMessage, terminal).IsGenuine);
        Assert.True(Verify(retried, retriedMessage, terminal).IsGenuine);
    }

    [Fact]
    public async Task A_message_seen_again_with_no_stored_decision_is_refused_as_a_replay_and_decided_nowhere()
    {
        var terminal = await api.RegisterTerminalAsync();
        var before = await api.PersistedCountsAsync();
        var message = Signed(terminal,
            JsonSerializer.Serialize(new { terminalId = terminal.TerminalId, amount = "1.999", currency = "EUR" }, JsonSerializerOptions.Web), ApiFixture.Key());
        var client = Client(api.Services);

        var first = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        var again = (await client.GetResponse<FacePaymentReplied>(message)).Message;

        Assert.Equal(400, first.Status);
        Assert.Equal((401, "urn:ledger:problem:replayed"), (again.Status, Type(again)));
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_redelivered_decline_is_answered_with_the_same_decline_and_writes_nothing()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var client = Client(api.Services);
        // Somebody else's face at Penny's phone number: declined.
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "2.00", currency = "EUR", customer = FacePayDriver.Phone(penny),
            image = Convert.ToBase64String(Faces.Crop("howard", 2)),
        }, JsonSerializerOptions.Web);
        var message = Signed(terminal, body, ApiFixture.Key());

        var declined = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        var afterDecision = await api.PersistedCountsAsync();
        var redelivered = (await client.GetResponse<FacePaymentReplied>(message)).Message;

        Assert.Equal(201, declined.Status);
        Assert.Equal("declined", JsonDocument.Parse(declined.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(declined.Body, redelivered.Body);
        Assert.Equal(afterDecision, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_malformed_request_on_the_bus_gets_the_problem_HTTP_would_give_and_nothing_is_written()
    {
        var terminal = await api.RegisterTerminalAsync();
        var before = await api.PersistedCountsAsync();
        var message = Signed(terminal,
            JsonSerializer.Serialize(new { terminalId = terminal.TerminalId, amount = "1.999", currency = "EUR" }, JsonSerializerOptions.Web), ApiFixture.Key());

        var reply = (await Client(api.Services).GetResponse<FacePaymentReplied>(message)).Message;

        Assert.Equal(400, reply.Status);
        Assert.Contains("amount", reply.Body);
        Assert.True(Verify(reply, message, terminal).IsGenuine);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Attack_a_forged_authorized_reply_is_no_answer_to_the_terminal_and_only_the_genuine_one_verifies()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var message = Signed(terminal, PaymentBody(terminal, penny, "1.50"), ApiFixture.Key());
        var other = Signed(terminal, PaymentBody(terminal, penny, "1.60"), ApiFixture.Key());
        var genuine = (await Client(api.Services).GetResponse<FacePaymentReplied>(message)).Message;
        var now = DateTimeOffset.UtcNow;
        // A real "authorized" body, as somebody reading the reply queue would have it, and variations of it.
        var paymentId = JsonDocument.Parse(genuine.Body).RootElement.GetProperty("paymentId").GetString()!;
        var forgedUnsigned = genuine with { Signature = "" };
        var signedWithAnotherKey = Forge(genuine, message, "a-secret-the-attacker-made-up");
        var otherBodyKeptSignature = genuine with { Body = genuine.Body.Replace(paymentId, Guid.NewGuid().ToString()) };
        Assert.NotEqual(genuine.Body, otherBodyKeptSignature.Body);
        var stale = Forge(genuine, message, terminal.Secret, timestamp: now.AddMinutes(-6).ToUnixTimeSeconds());

        Assert.Equal(201, genuine.Status);
        Assert.Equal(message.Nonce, genuine.RequestNonce);
        var check = Verify(genuine, message, terminal);
        Assert.True(check.IsGenuine);
        Assert.Equal("authorized", JsonDocument.Parse(check.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(TerminalReplyRejection.Unsigned, Verify(forgedUnsigned, message, terminal).Rejection);
        Assert.Equal(TerminalReplyRejection.SignatureInvalid, Verify(signedWithAnotherKey, message, terminal).Rejection);
        Assert.Equal(TerminalReplyRejection.SignatureInvalid, Verify(otherBodyKeptSignature, message, terminal).Rejection);
        Assert.Equal(TerminalReplyRejection.TimestampOutOfWindow, Verify(stale, message, terminal).Rejection);
        // The genuine answer to one request is no answer to another: by its echo, and by its signature when the echo is changed.
        Assert.Equal(TerminalReplyRejection.NonceMismatch, Verify(genuine, other, terminal).Rejection);
        Assert.Equal(TerminalReplyRejection.SignatureInvalid, Verify(genuine with { RequestNonce = other.Nonce }, other, terminal).Rejection);
        // The same key and nonce with a signature of somebody else's: the reply to that is not the terminal's answer.
        var impostor = message with { Signature = new string('0', 64), IdempotencyKey = ApiFixture.Key() };
        var refusal = (await Client(api.Services).GetResponse<FacePaymentReplied>(impostor)).Message;
        Assert.Equal((401, "urn:ledger:problem:signature-invalid"), (refusal.Status, Type(refusal)));
        Assert.Equal(TerminalReplyRejection.SignatureInvalid, Verify(refusal, message, terminal).Rejection);
    }

    [Fact]
    public async Task A_request_naming_a_key_nobody_has_gets_an_unsigned_reply_which_is_no_answer()
    {
        var terminal = await api.RegisterTerminalAsync();
        var message = Signed(terminal, "{}", ApiFixture.Key()) with { KeyId = "tk_" + Guid.NewGuid().ToString("N") };

        var reply = (await Client(api.Services).GetResponse<FacePaymentReplied>(message)).Message;

        Assert.Equal((401, "urn:ledger:problem:key-unknown"), (reply.Status, Type(reply)));
        Assert.Equal("", reply.Signature);
        Assert.Equal(TerminalReplyRejection.Unsigned, reply.VerifyFor(message, terminal.Secret, DateTimeOffset.UtcNow).Rejection);
    }

    [Fact]
    public async Task Attack_a_PIN_on_the_bus_is_refused_and_nothing_is_written()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var before = await api.PersistedCountsAsync();
        var withPin = Signed(terminal, PaymentBody(terminal, penny, "80.00", pin: "2468"), ApiFixture.Key());
        var malformedPin = Signed(terminal, PaymentBody(terminal, penny, "1.00", pin: "12"), ApiFixture.Key());

        var refused = (await Client(api.Services).GetResponse<FacePaymentReplied>(withPin)).Message;
        var alsoRefused = (await Client(api.Services).GetResponse<FacePaymentReplied>(malformedPin)).Message;

        foreach (var (reply, message) in new[] { (refused, withPin), (alsoRefused, malformedPin) })
        {
            Assert.Equal((422, "urn:ledger:problem:pin-not-accepted-on-bus"), (reply.Status, Type(reply)));
            Assert.Contains("HTTPS", JsonDocument.Parse(reply.Body).RootElement.GetProperty("detail").GetString());
            Assert.True(Verify(reply, message, terminal).IsGenuine);
        }
        Assert.Equal(before, await api.PersistedCountsAsync());
        // Without the PIN, an amount that needs one is sent to HTTPS too.
        var needsPin = (await Client(api.Services).GetResponse<FacePaymentReplied>(Signed(terminal, PaymentBody(terminal, penny, "80.00"), ApiFixture.Key()))).Message;
        Assert.Equal((422, "urn:ledger:problem:pin-required"), (needsPin.Status, Type(needsPin)));
        Assert.Contains("HTTPS", needsPin.Body);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_message_the_service_cannot_read_is_answered_and_acknowledged_and_no_error_queue_holds_it()
    {
        var terminal = await api.RegisterTerminalAsync();
        var prefix = api.Services.GetRequiredService<Infrastructure.Messaging.MessagingOptions>().EntityPrefix;
        var queue = new Uri($"queue:{prefix}face-payment");
        var factory = api.Services.GetRequiredService<IClientFactory>();
        var proper = Signed(terminal, JsonSerializer.Serialize(new { image = Convert.ToBase64String(Faces.Crop("penny", 5)) }), ApiFixture.Key());
        // A terminal SDK that sends the timestamp as a number: MassTransit cannot deserialize the request, so the
        // consumer never sees it; by default it would be faulted and moved to _error with the image inside.
        var mistyped = new MistypedFacePaymentRequested(proper.KeyId, long.Parse(proper.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            proper.Nonce, proper.Signature, proper.IdempotencyKey, proper.Body);

        var unreadable = (await factory.CreateRequestClient<MistypedFacePaymentRequested>(queue, RequestTimeout.After(s: 60))
            .GetResponse<FacePaymentReplied>(mistyped)).Message;
        var otherType = (await factory.CreateRequestClient<NotAFacePayment>(queue, RequestTimeout.After(s: 60))
            .GetResponse<FacePaymentReplied>(new NotAFacePayment(proper.Body))).Message;

        Assert.Equal((400, "urn:ledger:problem:malformed-message"), (unreadable.Status, Type(unreadable)));
        Assert.Contains("timestamp", unreadable.Body, StringComparison.OrdinalIgnoreCase);
        Assert.True(Verify(unreadable, proper, terminal).IsGenuine);
        Assert.Equal((400, "urn:ledger:problem:malformed-message"), (otherType.Status, Type(otherType)));
        Assert.Equal("", otherType.Signature); // it named no key
        await AssertNothingParkedAsync(prefix);
    }

    [Fact]
    public async Task A_request_cut_off_before_its_answer_is_answered_503_signed_and_acknowledged()
    {
        // A deadline already past: the first database call of every request is cancelled, as a slow flow would be.
        await using var service = await SeparateService.StartAsync(web => web.UseSetting("FacePay:BusAnswerWithinSeconds", "0"));
        var terminal = await service.RegisterTerminalAsync();
        var before = await service.PersistedCountsAsync();
        var message = Signed(terminal, JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "2.00", currency = "EUR", customer = new { phoneLastFour = "1234" },
            image = Convert.ToBase64String(Faces.Crop("penny", 5)),
        }, JsonSerializerOptions.Web), ApiFixture.Key(), DateTimeOffset.UtcNow);

        var reply = (await Client(service.Services).GetResponse<FacePaymentReplied>(message)).Message;

        Assert.Equal((503, "urn:ledger:problem:unavailable"), (reply.Status, Type(reply)));
        Assert.True(Verify(reply, message, terminal).IsGenuine);
        Assert.Equal(before, await service.PersistedCountsAsync());
        await AssertNothingParkedAsync(service.EntityPrefix);
    }

    /// <summary>
    /// Once the face-payment queue has had every message acknowledged (ready + unacknowledged = 0), no queue of this
    /// service holds one in <c>_error</c> or <c>_skipped</c>: MassTransit moves a message there before acknowledging it.
    /// </summary>
    private static async Task AssertNothingParkedAsync(string prefix)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        IReadOnlyDictionary<string, long> depths;
        while ((depths = await Broker.QueueDepthsAsync(prefix)).GetValueOrDefault(prefix + "face-payment", -1) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The face-payment queue was not drained: {string.Join(", ", depths)}");
            await Task.Delay(200);
        }
        Assert.DoesNotContain(depths, q => q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal));
    }

    private static IRequestClient<FacePaymentRequested> Client(IServiceProvider services) => BusRequests.Client(services);

    private static string PaymentBody(TerminalCredential terminal, Customer customer, string amount, string? pin = null) =>
        JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount, currency = "EUR", customer = FacePayDriver.Phone(customer), pin,
            image = Convert.ToBase64String(Faces.Crop("penny", 5)),
        }, new JsonSerializerOptions(JsonSerializerOptions.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    private FacePaymentRequested Signed(TerminalCredential terminal, string body, string key, DateTimeOffset? at = null) =>
        BusRequests.Signed(terminal, body, key, at ?? api.Clock.GetUtcNow());

    /// <summary>The terminal's check, on the terminal's clock (the service's clock here: the same machine).</summary>
    private TerminalReplyCheck Verify(FacePaymentReplied reply, FacePaymentRequested request, TerminalCredential terminal) =>
        reply.VerifyFor(request, terminal.Secret, api.Clock.GetUtcNow());

    /// <summary>A reply signed as the service signs them (the terminal SDK's <see cref="Ledger.Terminal.Signing.ReplySignature"/>), with any secret.</summary>
    private FacePaymentReplied Forge(FacePaymentReplied reply, FacePaymentRequested request, string secret, long? timestamp = null)
    {
        var ts = timestamp ?? api.Clock.GetUtcNow().ToUnixTimeSeconds();
        var toSign = Ledger.Terminal.Signing.ReplySignature.StringToSign(request.KeyId, request.Nonce, request.Signature, ts, reply.Status, reply.Body);
        return reply with { Timestamp = ts, Signature = Ledger.Terminal.Signing.RequestSignature.Hmac(secret, toSign) };
    }

    private static string? Type(FacePaymentReplied reply) => JsonDocument.Parse(reply.Body).RootElement.GetProperty("type").GetString();
}

/// <summary>What a terminal SDK with a bug might send: the request's wire type, with the timestamp as a number.</summary>
[MessageUrn("Ledger.Api.FacePay:FacePaymentRequested")]
public sealed record MistypedFacePaymentRequested(string KeyId, long Timestamp, string Nonce, string Signature, string IdempotencyKey, string Body);

/// <summary>A message of a type the face-payment queue does not take.</summary>
public sealed record NotAFacePayment(string Body);
