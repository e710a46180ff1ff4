using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Payments;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// A merchant with a real terminal key tries to learn about customers from the answers: who is enrolled under some
/// last four digits, and how far a probe is from a customer's sealed template. The answers hold a decision only.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FacePayOracleAttackTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task Attack_the_answer_to_four_digits_is_the_same_for_an_enrolled_customer_an_unenrolled_one_and_nobody()
    {
        var terminal = await api.RegisterTerminalAsync();
        var enrolled = await _driver.EnrolledAsync("amy");
        var unenrolled = await _driver.OpenAsync("Bea");
        var nobody = FacePayDriver.NewPhone()[^4..];
        var impostor = Faces.Crop("howard", 2);

        var answers = new List<(int Status, string Body)>();
        foreach (var digits in new[] { enrolled.LastFour, unenrolled.LastFour, nobody })
        {
            var response = await _driver.PayAsync(terminal, impostor, new { phoneLastFour = digits });
            answers.Add(((int)response.StatusCode, TerminalAnswers.WithoutIds(await response.Content.ReadAsStringAsync())));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(201, answers[0].Status);
        Assert.Contains($"\"reason\":\"{TerminalReason.FaceNotVerified}\"", answers[0].Body);
    }

    [Fact]
    public async Task Attack_probing_a_sealed_template_with_unit_vectors_gets_no_distance_no_match_and_stops_being_compared()
    {
        var terminal = await api.RegisterTerminalAsync();
        var victim = await _driver.EnrolledAsync("bernadette");
        var model = api.Services.GetRequiredService<FaceVerifier>().RecognitionModel.Key;
        var probes = new List<float[]> { new float[128] };
        for (var axis = 0; axis < 128; axis++)
        {
            var unit = new float[128];
            unit[axis] = 1f;
            probes.Add(unit);
        }

        var distancesMeasured = 0;
        var answered = 0;
        var throttled = 0;
        foreach (var values in probes)
        {
            var response = await api.PostSignedAsync(terminal, "/v1/face-payments", new
            {
                terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", customer = FacePayDriver.Phone(victim),
                template = new { modelId = model, values },
            }, ApiFixture.Key());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled++;
                continue;
            }
            var (status, _, full) = await _driver.DecisionAsync(response); // checks the answer holds nothing but the decision
            answered++;
            Assert.Equal("declined", status);
            if (full.GetProperty("face").GetProperty("distance").ValueKind != JsonValueKind.Null) distancesMeasured++;
        }

        // The terminal is suspended at the fifth failure, synchronously: the other 124 probes are refused at the edge.
        Assert.Equal((5, 124), (answered, throttled));
        // Within those five, the customer's lock-out after three failures ended the comparisons.
        Assert.True((await _driver.FaceProfileAsync(victim.WalletId)).GetProperty("locked").GetBoolean());
        Assert.Equal(3, distancesMeasured);
    }

    [Fact]
    public async Task Attack_five_failures_under_one_phone_suffix_at_a_merchant_make_the_whole_number_necessary_there()
    {
        var first = await api.RegisterTerminalAsync();
        var second = await SecondTillAsync(first);
        var victim = await _driver.EnrolledAsync("leonard");
        await _driver.BecomeRegularAsync(victim, first);

        // Five photos of other people under the victim's suffix, from two tills (so that no till's own limit stops them).
        var photos = new[] { ("howard", 2), ("raj", 2), ("amy", 2), ("penny", 2), ("sheldon", 2) };
        for (var i = 0; i < photos.Length; i++)
        {
            var (status, reason, _) = await _driver.DecisionAsync(
                await _driver.PayAsync(i % 2 == 0 ? first : second, Faces.Crop(photos[i].Item1, photos[i].Item2), FacePayDriver.LastFour(victim)));
            Assert.Equal("declined", status);
            // The victim's own lock-out (3 failures) ends the comparisons first; the suffix keeps counting.
            Assert.Contains(reason, new[] { "face_no_match", "face_ambiguous", "face_pay_locked" });
        }

        // Now the suffix narrows nothing at this merchant: even the victim's own face is not compared.
        var (ownStatus, ownReason, own) = await _driver.DecisionAsync(await _driver.PayAsync(first, Faces.Crop("leonard", 2), FacePayDriver.LastFour(victim)));
        Assert.Equal(("declined", "full_phone_number_required"), (ownStatus, ownReason));
        Assert.Equal("hint_throttled", own.GetProperty("face").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("face").GetProperty("distance").ValueKind);
        // Once an operator has unlocked the victim, the whole number works, and so does the suffix at another merchant.
        await _driver.UnlockAsync(victim.WalletId);
        Assert.Equal("authorized", (await _driver.DecisionAsync(await _driver.PayAsync(first, Faces.Crop("leonard", 3), FacePayDriver.Phone(victim)))).Status);
        var elsewhere = await api.RegisterTerminalAsync();
        await _driver.BecomeRegularAsync(victim, elsewhere);
        Assert.Equal("authorized", (await _driver.DecisionAsync(await _driver.PayAsync(elsewhere, Faces.Crop("leonard", 2), FacePayDriver.LastFour(victim)))).Status);
    }

    private async Task<TerminalCredential> SecondTillAsync(TerminalCredential first)
    {
        var registered = await api.PostAsync("/v1/terminals", new { merchantId = first.MerchantId, label = "till 2" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key");
        return new TerminalCredential(body.GetProperty("terminalId").GetGuid(), first.MerchantId,
            key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!);
    }
}
