using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// A till of a service that asks for live challenges (FacePay:Capture:LiveChallenge): its terminal, a hardware-attested
/// camera module, and the calls a till makes for one face payment (challenge, frames, signed statement).
/// </summary>
internal sealed class LiveTill(ApiFixture api, SeparateService service, TerminalCredential terminal, TerminalDevice device) : IDisposable
{
    public SeparateService Service => service;
    public TerminalCredential Terminal => terminal;
    public TerminalDevice Device => device;

    /// <summary>A service with live challenges on, the test attestation root pinned, and <paramref name="configure"/>'s settings.</summary>
    public static Task<SeparateService> StartServiceAsync(Action<IWebHostBuilder>? configure = null) =>
        SeparateService.StartAsync(web =>
        {
            web.UseSetting("Terminals:AttestationRoots", TestAttestationRoot.PemFile)
                .UseSetting("FacePay:Capture:LiveChallenge:Always", "true")
                .UseSetting("Ledger:Fraud:RespondAutomatically", "false");
            configure?.Invoke(web);
        });

    /// <summary>A new terminal of its own merchant whose camera module registers a key (attested unless <paramref name="attested"/> is false).</summary>
    public static async Task<LiveTill> OpenAsync(ApiFixture api, SeparateService service, bool attested = true)
    {
        var terminal = await service.RegisterTerminalAsync();
        var device = TerminalDevice.Es256();
        var till = new LiveTill(api, service, terminal, device);
        var registered = await device.RegisterAsync(till.SignedAsync, terminal, attested ? TestAttestationRoot.Trusted : null);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        return till;
    }

    /// <summary>A funded wallet for <paramref name="person"/>, enrolled from their first crop; returns its id and phone.</summary>
    public static async Task<(Guid WalletId, string Phone)> CustomerAsync(SeparateService service, string person)
    {
        var phone = FacePayDriver.NewPhone();
        var wallet = await (await service.PostAsync("/v1/wallets", new { customerName = person, phoneNumber = phone, currency = "EUR" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var walletId = wallet.GetProperty("walletId").GetGuid();
        await service.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = "100.00", currency = "EUR", reference = "acq" });
        await service.EnrolAsync(walletId, Faces.Crop(person, 1));
        return (walletId, phone);
    }

    public Task<HttpResponseMessage> SignedAsync(string path, object body) =>
        service.Client.SendAsync(api.Signed(terminal, path, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ApiFixture.Key(),
            timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>A capture challenge as the service gives it: a nonce, maybe a movement, and how many frames.</summary>
    public Task<JsonElement> RawChallengeAsync(string amount) =>
        TerminalDevice.ChallengeAsync(SignedAsync, "/v1/face-payments/challenges", new { terminalId = terminal.TerminalId, amount, currency = "EUR" });

    /// <summary>A capture challenge: it names a turn (look_up is not asked for: docs/PAD.md) and a number of frames.</summary>
    public async Task<(string Nonce, string Movement, int Frames)> ChallengeAsync(string amount)
    {
        var challenge = await RawChallengeAsync(amount);
        var movement = challenge.GetProperty("movement").GetString()!;
        Assert.Contains(movement, new[] { "turn_left", "turn_right" });
        return (challenge.GetProperty("nonce").GetString()!, movement, challenge.GetProperty("frames").GetInt32());
    }

    /// <summary>
    /// A capture challenge naming <paramref name="movement"/>: the service draws the turn at random, so this asks until it
    /// names the one wanted (the others lapse unused). A test then judges the same frames in the same order on every
    /// run: the outcome of a sequence can depend on which of its frames comes first (docs/PAD.md).
    /// </summary>
    public async Task<(string Nonce, int Frames)> ChallengeAsync(string amount, string movement)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var (nonce, drawn, frames) = await ChallengeAsync(amount);
            if (drawn == movement) return (nonce, frames);
        }
        throw new InvalidOperationException($"64 challenges in a row did not name {movement}: the draw is not random");
    }

    /// <summary>Verify-and-pay with <paramref name="frames"/> and a statement over them naming the movement.</summary>
    public Task<HttpResponseMessage> PayAsync(string phone, string amount, string nonce, string movement, IReadOnlyList<byte[]> frames) =>
        SignedAsync("/v1/face-payments", new
        {
            terminalId = terminal.TerminalId, amount, currency = "EUR", customer = new { phoneNumber = phone },
            frames = frames.Select(Convert.ToBase64String).ToArray(),
            statement = device.Statement(device.ClaimsFor(terminal, nonce, DateTimeOffset.UtcNow, amount, [.. frames]) with { Liveness = movement }),
        });

    /// <summary>The whole decision as an operator reads it, after a created answer.</summary>
    public async Task<JsonElement> DecisionAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var paymentId = JsonDocument.Parse(text).RootElement.GetProperty("paymentId").GetGuid();
        return await service.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}");
    }

    /// <summary>
    /// Photos of <paramref name="person"/> (crop numbers <paramref name="crops"/>) in the order of the turn asked for, as a
    /// camera would take them while the head turns.
    /// </summary>
    public static List<byte[]> Turning(IServiceProvider services, string person, string movement, IEnumerable<int> crops)
    {
        var byYaw = crops.OrderBy(n => Yaw(services, person, n)).Select(n => Faces.Crop(person, n)).ToList();
        if (movement == "turn_right") byYaw.Reverse();
        return byYaw;
    }

    private static readonly ConcurrentDictionary<(string Person, int Crop), float> Yaws = new();

    /// <summary>The head's yaw in a crop, measured once per test run (the networks and the photos do not change).</summary>
    public static float Yaw(IServiceProvider services, string person, int crop) =>
        Yaws.GetOrAdd((person, crop), key =>
            HeadPose.Of(services.GetRequiredService<FaceVerifier>().Analyze(Faces.Crop(key.Person, key.Crop)).Chosen!.Landmarks).Yaw);

    public void Dispose() => device.Dispose();
}
