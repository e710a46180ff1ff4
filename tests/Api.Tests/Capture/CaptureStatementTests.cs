using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;
using Ledger.Vision.Verification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// Face payments vouched for by the terminal's camera module: a COSE_Sign1 statement over the challenge, the amount and
/// the SHA-256 of the very capture sent, with a counter. Every way to reuse, forge or bend one is refused before any face
/// work, with nothing written; the decision records what vouched for the capture. Real faces, real database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaptureStatementTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    private sealed record Till(TerminalCredential Terminal, TerminalDevice Device);

    private async Task<Till> TillAsync(bool attested = true)
    {
        var terminal = await api.RegisterTerminalAsync();
        var device = attested ? TerminalDevice.Es256() : TerminalDevice.Ed25519();
        await device.RegisteredAsync(api, terminal, attested ? TestAttestationRoot.Trusted : null);
        return new Till(terminal, device);
    }

    private Task<HttpResponseMessage> PayAsync(Till till, Customer customer, byte[] image, string amount, string statement, string? pin = null,
        string? key = null) =>
        api.PostSignedAsync(till.Terminal, "/v1/face-payments", new
        {
            terminalId = till.Terminal.TerminalId, amount, currency = "EUR", customer = FacePayDriver.Phone(customer), pin,
            image = Convert.ToBase64String(image), statement,
        }, key ?? ApiFixture.Key());

    /// <summary>A challenge for <paramref name="amount"/> and the device's statement over it and <paramref name="image"/>.</summary>
    private async Task<string> StatementAsync(Till till, string amount, byte[] image, Func<TerminalDevice.Claims, TerminalDevice.Claims>? bend = null)
    {
        var nonce = await TerminalDevice.CaptureChallengeAsync(api, till.Terminal, amount);
        var claims = till.Device.ClaimsFor(till.Terminal, nonce, api.Clock.GetUtcNow(), amount, image);
        return till.Device.Statement(bend is null ? claims : bend(claims));
    }

    private async Task RefusedAsync(Func<Task<HttpResponseMessage>> send, string problem)
    {
        var before = await api.PersistedCountsAsync();
        await TerminalPayments.AssertProblemAsync(await send(), HttpStatusCode.UnprocessableEntity, problem);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_capture_signed_by_an_attested_camera_pays_and_the_decision_records_what_vouched_for_it()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 3);

        var (status, _, body) = await _driver.DecisionAsync(await PayAsync(till, amy, image, "12.00", await StatementAsync(till, "12.00", image)));

        Assert.Equal("authorized", status);
        var capture = body.GetProperty("face").GetProperty("capture");
        Assert.Equal("hardware-attested", capture.GetProperty("assurance").GetString());
        Assert.Equal(till.Device.KeyId, capture.GetProperty("deviceKeyId").GetString());
        Assert.Equal(till.Device.Counter, capture.GetProperty("counter").GetInt64());
        var terminal = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/terminals/{till.Terminal.TerminalId}");
        Assert.Equal(till.Device.Counter, terminal.GetProperty("deviceKey").GetProperty("lastCounter").GetInt64());
        // The passive networks' scores are recorded with the decision, as evidence only (docs/PAD.md).
        var passive = body.GetProperty("face").GetProperty("passive");
        Assert.InRange(passive.GetProperty("real").GetSingle(), 0f, 1f);
        Assert.InRange(passive.GetProperty("live").GetSingle(), 0f, 1f);
        Assert.StartsWith("antispoof@", passive.GetProperty("antispoofModel").GetString());
        Assert.StartsWith("liveness@", passive.GetProperty("livenessModel").GetString());
    }

    [Fact]
    public async Task Attack_the_same_statement_twice_pays_once_and_the_replay_costs_no_face_work()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var statement = await StatementAsync(till, "3.00", image);
        Assert.Equal("authorized", (await _driver.DecisionAsync(await PayAsync(till, amy, image, "3.00", statement))).Status);

        await RefusedAsync(() => PayAsync(till, amy, image, "3.00", statement), "challenge-used");
    }

    [Fact]
    public async Task Attack_one_statement_presented_twenty_times_at_once_pays_exactly_once()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 4);
        var statement = await StatementAsync(till, "2.00", image);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PayAsync(till, amy, image, "2.00", statement)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
    }

    [Fact]
    public async Task Attack_a_statement_signed_by_a_key_that_is_not_the_terminals_is_refused()
    {
        var till = await TillAsync();
        using var forger = TerminalDevice.Es256();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var nonce = await TerminalDevice.CaptureChallengeAsync(api, till.Terminal, "3.00");
        var forged = forger.Statement(forger.ClaimsFor(till.Terminal, nonce, api.Clock.GetUtcNow(), "3.00", image));

        await RefusedAsync(() => PayAsync(till, amy, image, "3.00", forged), "capture-statement-signature-invalid");
    }

    [Fact]
    public async Task Attack_a_statement_with_one_byte_changed_is_refused()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var bytes = Convert.FromBase64String(await StatementAsync(till, "3.00", image));
        // The counter sits in the payload; one more on it is a different, unsigned statement.
        var at = bytes.AsSpan().IndexOf("counter"u8) + "counter".Length;
        bytes[at] ^= 0x01;

        await RefusedAsync(() => PayAsync(till, amy, image, "3.00", Convert.ToBase64String(bytes)), "capture-statement-signature-invalid");
    }

    [Fact]
    public async Task Attack_a_photo_swapped_in_after_the_camera_signed_is_refused()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var statement = await StatementAsync(till, "3.00", Faces.Crop("howard", 2));

        await RefusedAsync(() => PayAsync(till, amy, Faces.Crop("amy", 2), "3.00", statement), "capture-frames-mismatch");
    }

    [Fact]
    public async Task Attack_a_statement_for_a_small_amount_does_not_pay_a_larger_one()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var statement = await StatementAsync(till, "3.00", image);

        await RefusedAsync(() => PayAsync(till, amy, image, "30.00", statement, pin: null), "capture-statement-mismatch");
    }

    [Fact]
    public async Task Attack_a_challenge_issued_for_one_amount_does_not_bind_another_even_when_the_device_signs_it()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var statement = await StatementAsync(till, "3.00", image, c => c with { AmountMinor = 4500 });

        await RefusedAsync(() => PayAsync(till, amy, image, "45.00", statement), "challenge-other-amount");
    }

    [Fact]
    public async Task Attack_a_counter_wound_back_is_refused_even_with_a_fresh_challenge()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        Assert.Equal("authorized", (await _driver.DecisionAsync(await PayAsync(till, amy, image, "3.00", await StatementAsync(till, "3.00", image)))).Status);
        var used = till.Device.Counter;

        var rewound = await StatementAsync(till, "3.00", image, c => c with { Counter = used });

        await RefusedAsync(() => PayAsync(till, amy, image, "3.00", rewound), "capture-counter-not-increasing");
    }

    [Fact]
    public async Task Attack_a_statement_for_another_terminal_is_refused()
    {
        var till = await TillAsync();
        var other = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var statement = await StatementAsync(till, "3.00", image, c => c with { TerminalId = other.Terminal.TerminalId });

        await RefusedAsync(() => PayAsync(till, amy, image, "3.00", statement), "capture-statement-mismatch");
    }

    [Fact]
    public async Task An_expired_challenge_is_refused_however_well_signed()
    {
        var till = await TillAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var image = Faces.Crop("amy", 2);
        var start = api.Clock.GetUtcNow();
        api.Clock.FrozenAt = start;
        try
        {
            var statement = await StatementAsync(till, "3.00", image, c => c with { At = start + TimeSpan.FromSeconds(61) });
            api.Clock.FrozenAt = start + TimeSpan.FromSeconds(61);
            await RefusedAsync(() => PayAsync(till, amy, image, "3.00", statement), "challenge-expired");
        }
        finally
        {
            api.Clock.FrozenAt = null;
        }
    }

    [Fact]
    public async Task A_merely_registered_key_pays_small_amounts_with_the_PIN_only()
    {
        var till = await TillAsync(attested: false);
        var amy = await _driver.EnrolledAsync("amy");
        await _driver.SetPinAsync(amy.WalletId, "2468");
        var image = Faces.Crop("amy", 2);

        var above = await StatementAsync(till, "25.01", image);
        await RefusedAsync(() => PayAsync(till, amy, image, "25.01", above, pin: "2468"), "device-assurance-too-low");
        var withoutPin = await StatementAsync(till, "5.00", image);
        await RefusedAsync(() => PayAsync(till, amy, image, "5.00", withoutPin), "pin-required");
        var (status, _, body) = await _driver.DecisionAsync(await PayAsync(till, amy, image, "25.00", await StatementAsync(till, "25.00", image), pin: "2468"));

        Assert.Equal("authorized", status);
        Assert.Equal("registered", body.GetProperty("face").GetProperty("capture").GetProperty("assurance").GetString());
    }

    [Fact]
    public async Task An_on_device_template_counts_only_inside_a_hardware_attested_statement()
    {
        await using var service = await SeparateService.StartAsync(web => web.UseSetting("Terminals:AttestationRoots", TestAttestationRoot.PemFile));
        var verifier = api.Services.GetRequiredService<FaceVerifier>();
        var values = (await verifier.AnalyzeAsync(Faces.Crop("leonard", 2))).Chosen!.Template.Descriptor;
        var model = verifier.RecognitionModel.Key;

        async Task<HttpResponseMessage> PayWithTemplateAsync(bool attested)
        {
            var terminal = await service.RegisterTerminalAsync();
            using var device = attested ? TerminalDevice.Es256() : TerminalDevice.Ed25519();
            Task<HttpResponseMessage> Post(string path, object body) => service.Client.SendAsync(
                api.Signed(terminal, path, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ApiFixture.Key(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            var registered = await device.RegisterAsync(Post, terminal, attested ? TestAttestationRoot.Trusted : null);
            Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
            var nonce = (await TerminalDevice.ChallengeAsync(Post, "/v1/face-payments/challenges",
                new { terminalId = terminal.TerminalId, amount = "3.00", currency = "EUR" })).GetProperty("nonce").GetString()!;
            var claims = device.ClaimsFor(terminal, nonce, DateTimeOffset.UtcNow, "3.00") with { Template = values };
            var body = JsonSerializer.Serialize(new
            {
                terminalId = terminal.TerminalId, amount = "3.00", currency = "EUR", customer = new { phoneLastFour = "1234" }, pin = "1234",
                template = new { modelId = model, values }, statement = device.Statement(claims),
            }, JsonSerializerOptions.Web);
            return await service.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", body, ApiFixture.Key(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        }

        await TerminalPayments.AssertProblemAsync(await PayWithTemplateAsync(attested: false), HttpStatusCode.UnprocessableEntity, "on-device-template-not-accepted");
        var attestedAnswer = await PayWithTemplateAsync(attested: true);
        Assert.True(attestedAnswer.StatusCode == HttpStatusCode.Created, await attestedAnswer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Attack_a_plain_photo_without_a_statement_is_refused_by_a_service_on_default_configuration()
    {
        await using var service = await SeparateService.StartAsync();
        var terminal = await service.RegisterTerminalAsync();
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "3.00", currency = "EUR", customer = new { phoneLastFour = "1234" },
            image = Convert.ToBase64String(Faces.Crop("amy", 2)),
        }, JsonSerializerOptions.Web);
        var before = await service.PersistedCountsAsync();

        var response = await service.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", body, ApiFixture.Key(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "capture-statement-required");
        Assert.Equal(before, await service.PersistedCountsAsync());
    }
}
