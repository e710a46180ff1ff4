using Ledger.Domain.Payments;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.FacePay;

/// <summary>The verification policy over HTTP with real captures: step-up, ambiguity, second faces, lock-out, PIN.</summary>
[Collection(ApiCollection.Name)]
public sealed class FacePayPolicyTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task A_first_visit_needs_the_whole_phone_number_after_which_the_last_four_digits_suffice()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");

        var (status, reason, body) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 2), FacePayDriver.LastFour(penny)));
        Assert.Equal(("declined", "full_phone_number_required"), (status, reason));
        Assert.Equal("match", body.GetProperty("face").GetProperty("outcome").GetString());

        (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 2), FacePayDriver.Phone(penny)));
        Assert.Equal(("authorized", (string?)null), (status, reason));

        (status, reason, body) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 4), FacePayDriver.LastFour(penny)));
        Assert.Equal(("authorized", (string?)null), (status, reason));
        Assert.Equal("phone_last_four", body.GetProperty("face").GetProperty("hint").GetString());
        Assert.Equal("face-pay-v4", (await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/payments/{body.GetProperty("paymentId").GetGuid()}/explanation"))
            .GetProperty("facePolicy").GetString());
    }

    [Fact]
    public async Task Two_candidates_within_the_margin_are_declined_as_ambiguous()
    {
        var terminal = await api.RegisterTerminalAsync();
        // The same person enrolled twice under numbers that share their last four digits.
        var first = await _driver.EnrolledAsync("amy", crop: 1);
        var second = await _driver.EnrolledAsync("amy", crop: 2, phone: "+4915" + first.Phone[^8..]);
        Assert.Equal(first.LastFour, second.LastFour);
        await _driver.BecomeRegularAsync(first, terminal);
        await _driver.BecomeRegularAsync(second, terminal);

        var (status, reason, body) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("amy", 3), FacePayDriver.LastFour(first)));

        Assert.Equal(("declined", "face_ambiguous"), (status, reason));
        Assert.Equal(2, body.GetProperty("face").GetProperty("candidates").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("walletId").ValueKind); // nobody is charged or blamed
    }

    [Fact]
    public async Task Another_face_close_to_the_payer_declines_the_capture_as_multiple_faces()
    {
        var terminal = await api.RegisterTerminalAsync();
        var leonard = await _driver.EnrolledAsync("leonard");

        var (status, reason, body) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Group("bbt2"), FacePayDriver.Phone(leonard)));

        Assert.Equal(("declined", "multiple_faces"), (status, reason));
        Assert.True(body.GetProperty("face").GetProperty("facesSeen").GetInt32() >= 2);
    }

    [Fact]
    public async Task Three_failed_verifications_lock_face_pay_until_an_operator_unlocks_it()
    {
        var terminal = await api.RegisterTerminalAsync();
        var raj = await _driver.EnrolledAsync("raj");
        await _driver.BecomeRegularAsync(raj, terminal);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("howard", attempt + 1), FacePayDriver.LastFour(raj)));
            Assert.Equal(("declined", "face_no_match"), (status, reason));
            Assert.Equal(attempt == 3, (await _driver.FaceProfileAsync(raj.WalletId)).GetProperty("locked").GetBoolean());
        }

        // Raj himself is now refused too: a locked wallet is never compared, so nothing is measured against it.
        var (lockedStatus, lockedReason, lockedBody) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("raj", 2), FacePayDriver.LastFour(raj)));
        Assert.Equal(("declined", "face_pay_locked"), (lockedStatus, lockedReason));
        Assert.Equal("not_eligible", lockedBody.GetProperty("face").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, lockedBody.GetProperty("face").GetProperty("distance").ValueKind);

        await _driver.UnlockAsync(raj.WalletId);
        var (status2, reason2, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("raj", 2), FacePayDriver.LastFour(raj)));
        Assert.Equal(("authorized", (string?)null), (status2, reason2));
    }

    [Fact]
    public async Task Above_the_policy_amount_the_PIN_is_asked_checked_and_a_wrong_one_counts_as_a_failure()
    {
        var terminal = await api.RegisterTerminalAsync();
        var sheldon = await _driver.EnrolledAsync("sheldon");
        await _driver.BecomeRegularAsync(sheldon, terminal);
        await _driver.SetPinAsync(sheldon.WalletId, "4711");

        // Exactly at the threshold no PIN is needed.
        var (atStatus, _, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("sheldon", 2), FacePayDriver.LastFour(sheldon), amount: "50.00"));
        Assert.Equal("authorized", atStatus);

        var before = await api.PersistedCountsAsync();
        var missing = await _driver.PayAsync(terminal, Faces.Crop("sheldon", 2), FacePayDriver.LastFour(sheldon), amount: "50.01");
        await TerminalPayments.AssertProblemAsync(missing, HttpStatusCode.UnprocessableEntity, "pin-required");
        Assert.Equal(before, await api.PersistedCountsAsync());

        var (wrongStatus, wrongReason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("sheldon", 3), FacePayDriver.LastFour(sheldon), amount: "50.01", pin: "1234"));
        Assert.Equal(("declined", "pin_incorrect"), (wrongStatus, wrongReason));
        Assert.Equal(1, (await _driver.FaceProfileAsync(sheldon.WalletId)).GetProperty("pinRejections").GetInt32());

        var (rightStatus, _, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("sheldon", 3), FacePayDriver.LastFour(sheldon), amount: "50.01", pin: "4711"));
        Assert.Equal("authorized", rightStatus);
        Assert.Equal(0, (await _driver.FaceProfileAsync(sheldon.WalletId)).GetProperty("pinRejections").GetInt32());
    }

    [Fact]
    public async Task Attack_small_payments_between_wrong_pins_do_not_reset_the_count_and_the_third_wrong_pin_locks()
    {
        var terminal = await api.RegisterTerminalAsync();
        var leonard = await _driver.EnrolledAsync("leonard");
        await _driver.BecomeRegularAsync(leonard, terminal);
        await _driver.SetPinAsync(leonard.WalletId, "2580");

        foreach (var guess in new[] { "0000", "1111" })
        {
            var (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("leonard", 2), FacePayDriver.LastFour(leonard), amount: "60.00", pin: guess));
            Assert.Equal(("declined", "pin_incorrect"), (status, reason));
        }
        // Under face-pay-v1 this small payment (no PIN asked) cleared the count and the guessing could go on forever.
        Assert.Equal("authorized", (await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("leonard", 3), FacePayDriver.LastFour(leonard), amount: "1.00"))).Status);
        Assert.Equal(2, (await _driver.FaceProfileAsync(leonard.WalletId)).GetProperty("pinRejections").GetInt32());

        var (third, thirdReason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("leonard", 2), FacePayDriver.LastFour(leonard), amount: "60.00", pin: "2222"));
        Assert.Equal(("declined", "pin_incorrect"), (third, thirdReason));
        Assert.True((await _driver.FaceProfileAsync(leonard.WalletId)).GetProperty("locked").GetBoolean());
        // Locked: even the right PIN with the right face does not pay, and the terminal cannot tell why.
        var locked = await _driver.PayAsync(terminal, Faces.Crop("leonard", 2), FacePayDriver.LastFour(leonard), amount: "60.00", pin: "2580");
        Assert.Equal(TerminalReason.FaceNotVerified, (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_retry_with_the_same_key_answers_the_first_decision_and_charges_once()
    {
        var terminal = await api.RegisterTerminalAsync();
        var stuart = await _driver.EnrolledAsync("stuart");
        await _driver.BecomeRegularAsync(stuart, terminal);
        var key = ApiFixture.Key();

        var first = await _driver.PayAsync(terminal, Faces.Crop("stuart", 2), FacePayDriver.LastFour(stuart), key: key);
        var again = await _driver.PayAsync(terminal, Faces.Crop("stuart", 2), FacePayDriver.LastFour(stuart), key: key);
        var other = await _driver.PayAsync(terminal, Faces.Crop("stuart", 3), FacePayDriver.LastFour(stuart), key: key);

        var (status, _, body) = await _driver.DecisionAsync(first);
        var (_, _, replay) = await _driver.DecisionAsync(again);
        Assert.Equal("authorized", status);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(body.GetProperty("paymentId").GetGuid(), replay.GetProperty("paymentId").GetGuid());
        // The whole answer, as first given: the record refers to the payment's events, which the repeat folds.
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await TerminalPayments.AssertProblemAsync(other, HttpStatusCode.Conflict, "idempotency-conflict");
        var wallet = await (await api.Client.GetAsync($"/v1/wallets/{stuart.WalletId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("494.80", wallet.GetProperty("balance").GetProperty("amount").GetString()); // 500 - 1.00 - 4.20
    }

    [Fact]
    public async Task An_auditor_reads_why_a_face_payment_was_authorized_and_why_a_face_was_refused()
    {
        var terminal = await api.RegisterTerminalAsync();
        var howard = await _driver.EnrolledAsync("howard");
        var (_, _, paid) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("howard", 2), FacePayDriver.Phone(howard)));
        var (_, _, refused) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("raj", 2), FacePayDriver.Phone(howard)));

        var authorized = await ExplainAsync(paid.GetProperty("paymentId").GetGuid());
        var declined = await ExplainAsync(refused.GetProperty("paymentId").GetGuid());

        Assert.Contains("AUTHORIZED", authorized);
        Assert.Contains("face verification (face-pay-v4): Match, hint PhoneNumber, 1 candidate(s)", authorized);
        Assert.Contains("against threshold 0.6", authorized);
        Assert.Contains("model face_recognition@", authorized);
        Assert.Contains("limits-v1", authorized);
        Assert.Contains("DECLINED (face_no_match)", declined);
        Assert.Contains("limits: not reached", declined);
    }

    private async Task<string> ExplainAsync(Guid paymentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/audit/payments/{paymentId}/explanation");
        request.Headers.Accept.ParseAdd("text/plain");
        var response = await api.AuditorClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}
