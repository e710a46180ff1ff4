using System.Text;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;
using Ledger.Terminal.Signing;
using Ledger.Terminal.Tests.Http;
using Ledger.Terminal.Tests.Vectors;

namespace Ledger.Terminal.Tests.Signing;

public sealed class RequestSignatureTests
{
    private static readonly IReadOnlyDictionary<string, string> V = DocumentedVectors.Of("request-signature");

    private static TerminalCredentials Terminal => new(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), V["keyId"], V["secret"]);

    [Fact]
    public void The_documented_request_gives_the_documented_string_to_sign_and_signature()
    {
        var body = Encoding.UTF8.GetBytes(V["body"]);

        var toSign = RequestSignature.StringToSign(V["method"], V["host"], V["pathAndQuery"], V["contentType"], V["idempotencyKey"],
            long.Parse(V["timestamp"]), V["nonce"], body);
        var headers = RequestSignature.Sign(Terminal, V["method"], V["host"], V["pathAndQuery"], V["contentType"], V["idempotencyKey"], body,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(V["timestamp"])), V["nonce"]);

        Assert.EndsWith(V["bodySha256"], toSign);
        Assert.Equal(V["stringToSign"], toSign);
        Assert.Equal(V["X-Signature"], headers.Signature);
        Assert.Equal((V["keyId"], V["timestamp"], V["nonce"]), (headers.KeyId, headers.Timestamp, headers.Nonce));
    }

    [Fact]
    public async Task The_client_signs_what_it_sends_host_path_content_type_and_key_as_the_vector_has_them()
    {
        var recorder = new ScriptedHandler(_ => ScriptedHandler.Json(201, "{}"));
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(long.Parse(V["timestamp"])));
        var client = new TerminalClient(new HttpClient(recorder) { BaseAddress = new Uri("https://ledger.example.com") }, Terminal,
            new TerminalClientOptions { Time = clock });

        await client.SendOnceAsync(PreparedRequest.Post(V["pathAndQuery"], V["idempotencyKey"], Encoding.UTF8.GetBytes(V["body"])), nonce: V["nonce"]);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(V["url"], sent.Uri.ToString());
        Assert.Equal(V["X-Signature"], sent.Header("X-Signature"));
        Assert.Equal(V["idempotencyKey"], sent.Header("Idempotency-Key"));
        Assert.Equal(V["contentType"], sent.ContentType);
        Assert.Equal(V["body"], sent.Body);
    }

    [Theory]
    [InlineData("method", "PUT")]
    [InlineData("host", "ledger.example.org")]
    [InlineData("pathAndQuery", "/v1/face-payments")]
    [InlineData("contentType", "text/plain")]
    [InlineData("idempotencyKey", "till-7-000124")]
    [InlineData("nonce", "4f6c0a9e2d8b1c7a5e3f9d0b6a2c8e42")]
    [InlineData("body", "{\"amount\":\"12.91\"}")]
    public void Every_field_is_covered_a_change_in_any_gives_another_signature(string field, string changed)
    {
        string F(string name) => name == field ? changed : V[name];

        var signature = RequestSignature.Hmac(V["secret"], RequestSignature.StringToSign(F("method"), F("host"), F("pathAndQuery"), F("contentType"),
            F("idempotencyKey"), long.Parse(V["timestamp"]), F("nonce"), Encoding.UTF8.GetBytes(F("body"))));

        Assert.NotEqual(V["X-Signature"], "v2=" + signature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    public void A_nonce_that_could_shift_the_fields_is_refused_before_signing(string nonce) =>
        Assert.Throws<ArgumentException>(() => RequestSignature.Sign(Terminal, "POST", "h", "/", "", "k", [], DateTimeOffset.UnixEpoch, nonce));

    [Fact]
    public void Each_signature_gets_a_fresh_nonce()
    {
        var a = RequestSignature.Sign(Terminal, "POST", "h", "/", "", "k", [], DateTimeOffset.UnixEpoch);
        var b = RequestSignature.Sign(Terminal, "POST", "h", "/", "", "k", [], DateTimeOffset.UnixEpoch);

        Assert.NotEqual(a.Nonce, b.Nonce);
        Assert.Matches("^[0-9a-f]{32}$", a.Nonce);
    }

    [Fact]
    public void Credentials_never_print_their_secret() => Assert.DoesNotContain(V["secret"], Terminal.ToString());
}
