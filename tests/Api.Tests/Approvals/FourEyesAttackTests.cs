using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Approvals;

/// <summary>
/// The insider with one operator credential: a large payout, a limit raise, a PIN reset, an unlock and a face
/// enrolment each need a second operator. Alone, the operator files a request and cannot approve it (nothing of the
/// act happens); another operator's approval does it in the same commit, recorded with both actors.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FourEyesAttackTests(ApiFixture api)
{
    private const string Requester = $"operator:{ApiFixture.OperatorName}";
    private const string Approver = $"operator:{ApiFixture.SecondOperatorName}";
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task Attack_one_operator_cannot_pay_out_above_the_threshold_a_second_one_can_and_both_are_recorded()
    {
        var customer = await _driver.OpenAsync("payout", topUp: "500.00");
        var small = await api.PostAsync($"/v1/wallets/{customer.WalletId}/payouts", new { amount = "100.00", currency = "EUR", reference = "iban-1" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);

        var pending = await api.PostAsync($"/v1/wallets/{customer.WalletId}/payouts", new { amount = "300.00", currency = "EUR", reference = "iban-2" }, ApiFixture.Key());
        var approvalId = await RefusedToRequesterAsync(pending);
        Assert.Equal("400.00", await BalanceAsync(customer.WalletId));

        var granted = await api.ApproveAsync(pending);
        Assert.Equal(("granted", Requester, Approver), (granted.GetProperty("status").GetString(), granted.GetProperty("requestedBy").GetString(),
            granted.GetProperty("approvedBy").GetString()));
        Assert.Equal("100.00", await BalanceAsync(customer.WalletId));
        await AssertDoneByApproverAsync(customer.WalletId, "wallet_paid_out.v1", approvalId);
    }

    [Fact]
    public async Task Attack_one_operator_cannot_raise_limits_above_the_standard_ones_lowering_needs_nobody()
    {
        var customer = await _driver.OpenAsync("limits");
        var lower = await api.PostAsync($"/v1/wallets/{customer.WalletId}/limits",
            new { perPayment = "20.00", dailyAmount = "100.00", dailyCount = 5, currency = "EUR" }, ApiFixture.Key(), "PUT");
        Assert.Equal(HttpStatusCode.OK, lower.StatusCode);

        var pending = await api.PostAsync($"/v1/wallets/{customer.WalletId}/limits",
            new { perPayment = "2000.00", dailyAmount = "5000.00", dailyCount = 50, currency = "EUR" }, ApiFixture.Key(), "PUT");
        var approvalId = await RefusedToRequesterAsync(pending);
        Assert.Equal("20.00", (await WalletAsync(customer.WalletId)).GetProperty("limits").GetProperty("perPayment").GetProperty("amount").GetString());

        await api.ApproveAsync(pending);
        Assert.Equal("2000.00", (await WalletAsync(customer.WalletId)).GetProperty("limits").GetProperty("perPayment").GetProperty("amount").GetString());
        await AssertDoneByApproverAsync(customer.WalletId, "wallet_limits_changed.v1", approvalId);
    }

    [Fact]
    public async Task Attack_one_operator_cannot_reset_a_PIN_and_no_operator_can_set_one()
    {
        var customer = await _driver.OpenAsync("pin-reset");
        await _driver.SetPinAsync(customer.WalletId, "4711");
        var oldEndpoint = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face/pin", new { pin = "0000" }, ApiFixture.Key(), "PUT");
        Assert.True(oldEndpoint.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, oldEndpoint.StatusCode.ToString());

        var pending = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face/pin/reset", null, ApiFixture.Key());
        var approvalId = await RefusedToRequesterAsync(pending);
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.face_pay_pins where wallet_id = @id", customer.WalletId));

        await api.ApproveAsync(pending);
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_pay_pins where wallet_id = @id", customer.WalletId));
        await AssertDoneByApproverAsync(customer.WalletId, "face_pay_pin_reset.v1", approvalId);
    }

    [Fact]
    public async Task Attack_one_operator_cannot_unlock_a_locked_wallet()
    {
        var terminal = await api.RegisterTerminalAsync();
        var stuart = await _driver.EnrolledAsync("stuart");
        await _driver.BecomeRegularAsync(stuart, terminal);
        for (var attempt = 1; attempt <= 3; attempt++)
            await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("howard", attempt + 1), FacePayDriver.LastFour(stuart)));
        Assert.True((await _driver.FaceProfileAsync(stuart.WalletId)).GetProperty("locked").GetBoolean());

        var pending = await api.PostAsync($"/v1/wallets/{stuart.WalletId}/face/unlock", null, ApiFixture.Key());
        var approvalId = await RefusedToRequesterAsync(pending);
        Assert.True((await _driver.FaceProfileAsync(stuart.WalletId)).GetProperty("locked").GetBoolean());

        await api.ApproveAsync(pending);
        Assert.False((await _driver.FaceProfileAsync(stuart.WalletId)).GetProperty("locked").GetBoolean());
        await AssertDoneByApproverAsync(stuart.WalletId, "face_pay_unlocked.v1", approvalId);
    }

    [Fact]
    public async Task Attack_one_operator_cannot_enrol_a_face_without_a_permit_another_operator_approved_and_a_permit_enrols_once()
    {
        var customer = await _driver.OpenAsync("amy");
        var before = await api.PersistedCountsAsync();
        var noPermit = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face", new
        {
            image = Convert.ToBase64String(Faces.Crop("amy", 1)),
            consent = new { purpose = "face payment", policyVersion = "biometric-consent-2026-11" },
        }, ApiFixture.Key());
        await TerminalPayments.AssertProblemAsync(noPermit, HttpStatusCode.BadRequest);

        var pending = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face/enrolment-approvals",
            new { consentFormSha256 = FacePayDriver.ConsentForm }, ApiFixture.Key());
        var approvalId = await RefusedToRequesterAsync(pending);
        var unapproved = await _driver.EnrolAsync(customer.WalletId, Faces.Crop("amy", 1), permit: approvalId);
        await TerminalPayments.AssertProblemAsync(unapproved, HttpStatusCode.UnprocessableEntity, "approval-not-usable");
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_templates where wallet_id = @id", customer.WalletId));

        await api.ApproveAsync(pending);
        var otherForm = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face", new
        {
            image = Convert.ToBase64String(Faces.Crop("amy", 1)),
            consent = new { purpose = "face payment", policyVersion = "biometric-consent-2026-11", formSha256 = new string('0', 64), approvalId },
        }, ApiFixture.Key());
        await TerminalPayments.AssertProblemAsync(otherForm, HttpStatusCode.UnprocessableEntity, "approval-not-usable");

        Assert.Equal(HttpStatusCode.Created, (await _driver.EnrolAsync(customer.WalletId, Faces.Crop("amy", 1), permit: approvalId)).StatusCode);
        var again = await _driver.EnrolAsync(customer.WalletId, Faces.Crop("amy", 2), permit: approvalId);
        await TerminalPayments.AssertProblemAsync(again, HttpStatusCode.UnprocessableEntity, "approval-not-usable");
        var used = await api.RowsAsync("select type, headers->>'actor' from ledger.mt_events where stream_id = @id order by version", approvalId);
        Assert.Equal(["approval_requested.v1", "approval_granted.v1", "approval_used.v1"], used.Select(r => (string)r[0]!));
        Assert.True(before.Events > 0);
    }

    /// <summary>The call filed a request (202, pending); the same operator approving it is refused, and nothing more is written.</summary>
    private async Task<Guid> RefusedToRequesterAsync(HttpResponseMessage pending)
    {
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        var body = await pending.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("pending", Requester), (body.GetProperty("status").GetString(), body.GetProperty("requestedBy").GetString()));
        var approvalId = body.GetProperty("approvalId").GetGuid();
        var before = await api.PersistedCountsAsync();
        var own = await api.PostAsync($"/v1/approvals/{approvalId}/approve", null, ApiFixture.Key());
        await TerminalPayments.AssertProblemAsync(own, HttpStatusCode.UnprocessableEntity, "four-eyes-same-operator");
        Assert.Equal(before, await api.PersistedCountsAsync());
        return approvalId;
    }

    /// <summary>The act's event was written by the approver, caused by the approval; the approval names both operators.</summary>
    private async Task AssertDoneByApproverAsync(Guid walletId, string eventType, Guid approvalId)
    {
        var act = await api.RowsAsync(
            $"select headers->>'actor', causation_id from ledger.mt_events where stream_id = @id and type = '{eventType}' order by version desc limit 1", walletId);
        Assert.Equal((Approver, approvalId.ToString()), ((string)act[0][0]!, (string)act[0][1]!));
        var granted = await api.RowsAsync("select data::text from ledger.mt_events where stream_id = @id and type = 'approval_granted.v1'", approvalId);
        var data = JsonDocument.Parse((string)Assert.Single(granted)[0]!).RootElement;
        Assert.Equal((Requester, Approver), (data.GetProperty("requestedBy").GetString(), data.GetProperty("approvedBy").GetString()));
    }

    private async Task<JsonElement> WalletAsync(Guid walletId) => await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}");

    private async Task<string> BalanceAsync(Guid walletId) => (await WalletAsync(walletId)).GetProperty("balance").GetProperty("amount").GetString()!;
}
