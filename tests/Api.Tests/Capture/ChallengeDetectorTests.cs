using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// Vision:ChallengeDetector puts the frames of a challenge through another detector than single captures (real
/// networks); the decision names the detector that found the compared face. Unset, the frames go through the service's
/// detector (ssd_mobilenetv1).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChallengeDetectorTests(ApiFixture api)
{
    [Theory]
    [InlineData(null, "ssd_mobilenetv1")]
    [InlineData("Tiny", "tiny_face_detector")]
    public async Task The_frames_of_a_challenge_go_through_the_configured_detector(string? configured, string expected)
    {
        await using var service = await LiveTill.StartServiceAsync(web =>
        {
            if (configured is not null) web.UseSetting("Vision:ChallengeDetector", configured);
        });
        using var till = await LiveTill.OpenAsync(api, service);
        var (_, phone) = await LiveTill.CustomerAsync(service, "leonard");
        var (nonce, _) = await till.ChallengeAsync("4.00", "turn_left");

        var decision = await till.DecisionAsync(await till.PayAsync(phone, "4.00", nonce, "turn_left",
            LiveTill.Turning(service.Services, "leonard", "turn_left", [2, 3, 4])));

        Assert.StartsWith(expected + "/", decision.GetProperty("face").GetProperty("detector").GetString());
    }
}
