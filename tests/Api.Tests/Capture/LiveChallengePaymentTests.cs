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
    /// <summary>The person's photos (crops 2 to 5) in the order of the turn asked for: the first, the middle and the last.</summary>
    private List<byte[]> Turning(string person, string movement, int frames)
    {
        var byPose = LiveTill.Turning(api.Services, person, movement, Enumerable.Range(2, 4));
        List<byte[]> sequence = [byPose[0], byPose[byPose.Count / 2], byPose[^1]];
        return sequence[..frames];
    }

    [Fact]
    public async Task The_customer_turning_as_asked_pays_and_the_same_still_three_times_is_declined_with_its_verdict_recorded()
    {
        await using var service = await LiveTill.StartServiceAsync();
        using var till = await LiveTill.OpenAsync(api, service);
        var (_, phone) = await LiveTill.CustomerAsync(service, "leonard");

        foreach (var way in new[] { "turn_left", "turn_right" })
        {
            var (asked, frames) = await till.ChallengeAsync("4.00", way);
            Assert.Equal(3, frames);
            var paid = await till.DecisionAsync(await till.PayAsync(phone, "4.00", asked, way, Turning("leonard", way, frames)));
            Assert.Equal("authorized", paid.GetProperty("status").GetString());
            Assert.Equal("live", paid.GetProperty("face").GetProperty("live").GetProperty("verdict").GetString());
        }

        var (nonce, movement, _) = await till.ChallengeAsync("4.00");
        var still = Faces.Crop("leonard", 2);
        var declined = await till.DecisionAsync(await till.PayAsync(phone, "4.00", nonce, movement, [still, still, still]));
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Equal("live_challenge_failed", declined.GetProperty("declineReason").GetString());
        Assert.Equal("movement_not_seen", declined.GetProperty("face").GetProperty("live").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Attack_one_photo_where_the_challenge_asks_for_frames_is_refused_with_nothing_written()
    {
        await using var service = await LiveTill.StartServiceAsync();
        using var till = await LiveTill.OpenAsync(api, service);
        var (_, phone) = await LiveTill.CustomerAsync(service, "penny");
        var (nonce, movement, _) = await till.ChallengeAsync("4.00");
        var image = Faces.Crop("penny", 2);
        var before = await service.PersistedCountsAsync();

        var response = await till.SignedAsync("/v1/face-payments", new
        {
            terminalId = till.Terminal.TerminalId, amount = "4.00", currency = "EUR", customer = new { phoneNumber = phone },
            image = Convert.ToBase64String(image),
            statement = till.Device.Statement(till.Device.ClaimsFor(till.Terminal, nonce, DateTimeOffset.UtcNow, "4.00", image) with { Liveness = movement }),
        });

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "live-frames-required");
        Assert.Equal(before, await service.PersistedCountsAsync());
    }

    private static string? Movement(JsonElement challenge) =>
        challenge.TryGetProperty("movement", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    [Fact]
    public async Task Configured_by_amount_and_key_assurance_a_challenge_asks_for_a_turn_only_where_the_policy_says()
    {
        await using var service = await SeparateService.StartAsync(web => web
            .UseSetting("Terminals:AttestationRoots", TestAttestationRoot.PemFile)
            .UseSetting("FacePay:Capture:LiveChallenge:Above", "20.00")
            .UseSetting("FacePay:Capture:LiveChallenge:RegisteredKeys", "true"));
        using var attested = await LiveTill.OpenAsync(api, service);
        using var registered = await LiveTill.OpenAsync(api, service, attested: false);

        var atTheLimit = await attested.RawChallengeAsync("20.00");
        Assert.Null(Movement(atTheLimit));
        Assert.Equal(1, atTheLimit.GetProperty("frames").GetInt32());

        var above = await attested.RawChallengeAsync("20.01");
        Assert.Contains(Movement(above), new[] { "turn_left", "turn_right" });
        Assert.Equal(3, above.GetProperty("frames").GetInt32());

        var small = await registered.RawChallengeAsync("1.00");
        Assert.Contains(Movement(small), new[] { "turn_left", "turn_right" });
    }
}
