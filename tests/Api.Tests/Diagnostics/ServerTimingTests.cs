using System.Net;
using Ledger.Api.Tests.Capture;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Diagnostics;

/// <summary>
/// Diagnostics:ServerTiming: a challenged face payment's answer says where its time went, every vision stage summed
/// over the frames (real networks) and the ledger's commit; off (the default), answers say nothing of it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ServerTimingTests(ApiFixture api)
{
    [Fact]
    public async Task With_server_timing_on_a_challenged_payment_answers_with_each_stage_of_every_frame_and_the_ledgers_commit()
    {
        await using var service = await LiveTill.StartServiceAsync(web => web.UseSetting("Diagnostics:ServerTiming", "true"));
        using var till = await LiveTill.OpenAsync(api, service);
        var (_, phone) = await LiveTill.CustomerAsync(service, "leonard");
        var (nonce, frames) = await till.ChallengeAsync("4.00", "turn_left");
        Assert.Equal(3, frames);

        using var response = await till.PayAsync(phone, "4.00", nonce, "turn_left", LiveTill.Turning(service.Services, "leonard", "turn_left", [2, 3, 4]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stages = Stages(response);
        Assert.True(stages.TryGetValue("decode", out var decode) && decode.Count == 3 && decode.Ms > 0, Header(response));
        // The face is followed between frames: the detector runs on the first and on the compared frame (the same one or
        // not), and every frame's face is found, aligned and embedded; the compared frame twice when it was followed first.
        Assert.True(stages.TryGetValue("detect", out var detect) && detect.Count is >= 1 and <= 3 && detect.Ms > 0, Header(response));
        foreach (var stage in new[] { "landmarks", "align", "embed" })
            Assert.True(stages.TryGetValue(stage, out var s) && s.Count >= 3 && s.Ms > 0, $"{stage}: {Header(response)}");
        Assert.Equal(1, stages["match"].Count);
        Assert.Equal(1, stages["ledger"].Count);
        Assert.True(stages["ledger"].Ms > 0, Header(response));
    }

    [Fact]
    public async Task Off_by_default_no_answer_says_how_long_anything_took()
    {
        using var response = await api.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server-Timing"));
    }

    private static string Header(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Server-Timing", out var v) ? string.Join(", ", v) : "(no Server-Timing header)";

    private static Dictionary<string, (double Ms, int Count)> Stages(HttpResponseMessage response) =>
        Header(response).Split(", ").Where(e => e.Contains(';')).Select(e => e.Split(';')).ToDictionary(
            p => p[0],
            p => (double.Parse(p[1]["dur=".Length..], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[2]["desc=\"".Length..^1], System.Globalization.CultureInfo.InvariantCulture)));
}
