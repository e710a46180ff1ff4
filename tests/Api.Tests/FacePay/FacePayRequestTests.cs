using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;
using Ledger.Domain.Application;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>The shapes a terminal may send (base64, multipart, on-device template) and the refusals of its signature.</summary>
[Collection(ApiCollection.Name)]
public sealed class FacePayRequestTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task An_on_device_template_of_the_enrolled_model_pays_and_one_of_another_model_is_refused_without_a_trace()
    {
        var terminal = await api.RegisterTerminalAsync();
        var leonard = await _driver.EnrolledAsync("leonard");
        var verifier = api.Services.GetRequiredService<FaceVerifier>();
        var values = (await verifier.AnalyzeAsync(Faces.Crop("leonard", 2))).Chosen!.Template.Descriptor;
        object Body(string modelId) => new
        {
            terminalId = terminal.TerminalId, amount = "3.00", currency = "EUR", customer = FacePayDriver.Phone(leonard),
            template = new { modelId, values },
        };

        var (status, _, body) = await _driver.DecisionAsync(await api.PostSignedAsync(terminal, "/v1/face-payments", Body(verifier.RecognitionModel.Key), ApiFixture.Key()));
        Assert.Equal("authorized", status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("face").GetProperty("facesSeen").ValueKind); // no image was seen here

        var before = await api.PersistedCountsAsync();
        var foreign = await api.PostSignedAsync(terminal, "/v1/face-payments", Body("face_recognition@0.0.1"), ApiFixture.Key());
        await TerminalPayments.AssertProblemAsync(foreign, HttpStatusCode.UnprocessableEntity, "model-mismatch");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Attack_an_on_device_template_is_refused_by_a_service_on_default_configuration_over_HTTP_and_the_bus_with_nothing_written()
    {
        // Without a statement from an attested device a template proves no live face: anybody with a photo and our public
        // model can compute one. The shared fixture turns unattested intake on; a default service refuses it first of all
        // for the missing statement (CaptureStatementTests covers templates inside statements).
        await using var service = await SeparateService.StartAsync();
        var terminal = await service.RegisterTerminalAsync();
        var values = (await api.Services.GetRequiredService<FaceVerifier>().AnalyzeAsync(Faces.Crop("leonard", 2))).Chosen!.Template.Descriptor;
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "3.00", currency = "EUR", customer = new { phoneLastFour = "1234" },
            template = new { modelId = api.Services.GetRequiredService<FaceVerifier>().RecognitionModel.Key, values },
        }, JsonSerializerOptions.Web);
        var before = await service.PersistedCountsAsync();

        var overHttp = await service.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", body, ApiFixture.Key(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var request = BusRequests.Signed(terminal, body, ApiFixture.Key(), DateTimeOffset.UtcNow);
        var overTheBus = (await BusRequests.Client(service.Services).GetResponse<FacePaymentReplied>(request)).Message;

        await TerminalPayments.AssertProblemAsync(overHttp, HttpStatusCode.UnprocessableEntity, "capture-statement-required");
        Assert.Equal(422, overTheBus.Status);
        Assert.Equal("urn:ledger:problem:capture-statement-required", JsonDocument.Parse(overTheBus.Body).RootElement.GetProperty("type").GetString());
        Assert.True(overTheBus.VerifyFor(request, terminal.Secret, DateTimeOffset.UtcNow).IsGenuine);
        Assert.Equal(before, await service.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_capture_may_come_as_a_signed_multipart_upload()
    {
        var terminal = await api.RegisterTerminalAsync();
        var amy = await _driver.EnrolledAsync("amy");
        using var form = new MultipartFormDataContent("ledger-test-boundary")
        {
            { new StringContent(terminal.TerminalId.ToString()), "terminalId" },
            { new StringContent("2.50"), "amount" },
            { new StringContent("EUR"), "currency" },
            { new StringContent(amy.Phone), "phoneNumber" },
            { new ByteArrayContent(Faces.Crop("amy", 4)), "image", "capture.png" },
        };
        var bytes = await form.ReadAsByteArrayAsync();

        var response = await api.Client.SendAsync(SignedBytes(terminal, "/v1/face-payments", bytes, form.Headers.ContentType!.ToString()));

        Assert.Equal("authorized", (await _driver.DecisionAsync(response)).Status);
    }

    [Fact]
    public async Task The_same_signed_request_twice_is_refused_the_second_time_and_a_tampered_body_is_refused_with_nothing_created()
    {
        var terminal = await api.RegisterTerminalAsync();
        var amy = await _driver.EnrolledAsync("amy");
        var json = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", customer = FacePayDriver.Phone(amy),
            image = Convert.ToBase64String(Faces.Crop("amy", 3)),
        }, JsonSerializerOptions.Web);
        var first = api.Signed(terminal, "/v1/face-payments", json, "replayed-key", nonce: "nonce-face-1");
        var copy = api.Signed(terminal, "/v1/face-payments", json, "replayed-key", nonce: "nonce-face-1",
            timestamp: long.Parse(first.Headers.GetValues("X-Timestamp").Single()));
        Assert.Equal("authorized", (await _driver.DecisionAsync(await api.Client.SendAsync(first))).Status);

        var before = await api.PersistedCountsAsync();
        await TerminalPayments.AssertProblemAsync(await api.Client.SendAsync(copy), HttpStatusCode.Unauthorized, "replayed");

        var tampered = api.Signed(terminal, "/v1/face-payments", json, ApiFixture.Key());
        tampered.Content = new StringContent(json.Replace("\"1.00\"", "\"9.00\""), Encoding.UTF8, "application/json");
        await TerminalPayments.AssertProblemAsync(await api.Client.SendAsync(tampered), HttpStatusCode.Unauthorized, "signature-invalid");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task After_a_model_upgrade_old_templates_ask_for_re_enrolment_instead_of_being_compared()
    {
        var terminal = await api.RegisterTerminalAsync();
        var bernadette = await _driver.EnrolledAsync("bernadette");
        var upgrade = api.Services.GetRequiredService<TemplateUpgrade>();
        var sweep = new CommandContext(Actor.Operator("test"), $"upgrade-{Guid.NewGuid():N}", "c", null, "r", api.Clock.GetUtcNow());

        // The service now runs a (pretend) newer model: every template of the one in the pack is outdated.
        var outdated = await upgrade.MarkOutdatedAsync("face_recognition@99.0.0", sweep, default);

        Assert.True(outdated >= 1);
        Assert.True((await _driver.FaceProfileAsync(bernadette.WalletId)).GetProperty("needsReenrolment").GetBoolean());
        var (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("bernadette", 2), FacePayDriver.Phone(bernadette)));
        Assert.Equal(("declined", "reenrolment_required"), (status, reason));

        Assert.Equal(System.Net.HttpStatusCode.Created, (await _driver.EnrolAsync(bernadette.WalletId, Faces.Crop("bernadette", 1))).StatusCode);
        Assert.False((await _driver.FaceProfileAsync(bernadette.WalletId)).GetProperty("needsReenrolment").GetBoolean());
    }

    private HttpRequestMessage SignedBytes(TerminalCredential terminal, string path, byte[] body, string contentType) =>
        TerminalRequests.SignBytes(terminal, path, body, contentType, ApiFixture.Key(), api.Clock.GetUtcNow().ToUnixTimeSeconds());
}
