using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// Face payments under a live challenge (FacePay:Capture:LiveChallenge): the challenge names a head movement and asks
/// for three frames; the frames of the customer turning as asked pay, the same still three times is declined with the
/// verdict in the evidence, and frames that do not answer the challenge are refused. Real networks, real database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveChallengePaymentTests(ApiFixture api)
{
    private sealed record Shop(SeparateService Service, TerminalCredential Terminal, TerminalDevice Device, Guid WalletId, string Phone);

    private Task<HttpResponseMessage> Signed(SeparateService service, TerminalCredential terminal, string path, object body) =>
        service.Client.SendAsync(api.Signed(terminal, path, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ApiFixture.Key(),
            timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private async Task<Shop> OpenAsync(SeparateService service, string person)
    {
        var terminal = await service.RegisterTerminalAsync();
        var device = TerminalDevice.Es256();
        var registered = await device.RegisterAsync((p, b) => Signed(service, terminal, p, b), terminal, TestAttestationRoot.Trusted);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var phone = FacePayDriver.NewPhone();
        var wallet = await (await service.PostAsync("/v1/wallets", new { customerName = person, phoneNumber = phone, currency = "EUR" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var walletId = wallet.GetProperty("walletId").GetGuid();
        await service.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = "100.00", currency = "EUR", reference = "acq" });
        await service.EnrolAsync(walletId, Faces.Crop(person, 1));
        return new Shop(service, terminal, device, walletId, phone);
    }

    /// <summary>A challenge that asks for a turn (asked again until one does: look_up needs frames these photos lack).</summary>
    private async Task<(string Nonce, string Movement, int Frames)> TurnChallengeAsync(Shop shop, string amount)
    {
        while (true)
        {
            var challenge = await TerminalDevice.ChallengeAsync((p, b) => Signed(shop.Service, shop.Terminal, p, b), "/v1/face-payments/challenges",
                new { terminalId = shop.Terminal.TerminalId, amount, currency = "EUR" });
            var movement = challenge.GetProperty("movement").GetString()!;
            if (movement != "look_up") return (challenge.GetProperty("nonce").GetString()!, movement, challenge.GetProperty("frames").GetInt32());
        }
    }

    /// <summary>The person's photos (crops 2 to 5) in the order of the turn asked for, as a camera would take them.</summary>
    private List<byte[]> Turning(string person, string movement, int frames)
    {
        var verifier = api.Services.GetRequiredService<FaceVerifier>();
        var byYaw = Enumerable.Range(2, 4).Select(n => Faces.Crop(person, n))
            .OrderBy(png => HeadPose.Of(verifier.Analyze(png).Chosen!.Landmarks).Yaw).ToList();
        if (movement == "turn_right") byYaw.Reverse();
        List<byte[]> sequence = [byYaw[0], byYaw[byYaw.Count / 2], byYaw[^1]];
        return sequence[..frames];
    }

    private Task<HttpResponseMessage> PayAsync(Shop shop, string amount, string nonce, string movement, IReadOnlyList<byte[]> frames) =>
        Signed(shop.Service, shop.Terminal, "/v1/face-payments", new
        {
            terminalId = shop.Terminal.TerminalId, amount, currency = "EUR", customer = new { phoneNumber = shop.Phone },
            frames = frames.Select(Convert.ToBase64String).ToArray(),
            statement = shop.Device.Statement(shop.Device.ClaimsFor(shop.Terminal, nonce, DateTimeOffset.UtcNow, amount, [.. frames]) with { Liveness = movement }),
        });

    private static Task<SeparateService> LiveServiceAsync() =>
        SeparateService.StartAsync(web => web
            .UseSetting("Terminals:AttestationRoots", TestAttestationRoot.PemFile)
            .UseSetting("FacePay:Capture:LiveChallenge", "true")
            .UseSetting("Ledger:Fraud:RespondAutomatically", "false"));

    private static async Task<JsonElement> DecisionAsync(Shop shop, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var paymentId = JsonDocument.Parse(text).RootElement.GetProperty("paymentId").GetGuid();
        return await shop.Service.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}");
    }

    [Fact]
    public async Task The_customer_turning_as_asked_pays_and_the_same_still_three_times_is_declined_with_its_verdict_recorded()
    {
        await using var service = await LiveServiceAsync();
        var shop = await OpenAsync(service, "leonard");

        var (nonce, movement, frames) = await TurnChallengeAsync(shop, "4.00");
        Assert.Equal(3, frames);
        var paid = await DecisionAsync(shop, await PayAsync(shop, "4.00", nonce, movement, Turning("leonard", movement, frames)));
        Assert.Equal("authorized", paid.GetProperty("status").GetString());
        Assert.Equal("live", paid.GetProperty("face").GetProperty("live").GetProperty("verdict").GetString());

        (nonce, movement, frames) = await TurnChallengeAsync(shop, "4.00");
        var still = Faces.Crop("leonard", 2);
        var declined = await DecisionAsync(shop, await PayAsync(shop, "4.00", nonce, movement, [still, still, still]));
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Equal("live_challenge_failed", declined.GetProperty("declineReason").GetString());
        Assert.Equal("movement_not_seen", declined.GetProperty("face").GetProperty("live").GetProperty("verdict").GetString());
        shop.Device.Dispose();
    }

    [Fact]
    public async Task Attack_one_photo_where_the_challenge_asks_for_frames_is_refused_with_nothing_written()
    {
        await using var service = await LiveServiceAsync();
        var shop = await OpenAsync(service, "penny");
        var (nonce, movement, _) = await TurnChallengeAsync(shop, "4.00");
        var image = Faces.Crop("penny", 2);
        var before = await service.PersistedCountsAsync();

        var response = await Signed(service, shop.Terminal, "/v1/face-payments", new
        {
            terminalId = shop.Terminal.TerminalId, amount = "4.00", currency = "EUR", customer = new { phoneNumber = shop.Phone },
            image = Convert.ToBase64String(image),
            statement = shop.Device.Statement(shop.Device.ClaimsFor(shop.Terminal, nonce, DateTimeOffset.UtcNow, "4.00", image) with { Liveness = movement }),
        });

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "live-frames-required");
        Assert.Equal(before, await service.PersistedCountsAsync());
        shop.Device.Dispose();
    }
}
