using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.FacePay;

/// <summary>A customer as the tests drive it: wallet id and the phone number the vault searches by.</summary>
internal sealed record Customer(Guid WalletId, string Phone, string Person)
{
    public string LastFour => Phone[^4..];
}

/// <summary>Operator and terminal calls of the face-pay flow, over HTTP, as the README describes them.</summary>
internal sealed class FacePayDriver(ApiFixture api)
{
    // Every customer of a test run gets its own last four digits, so one test's enrolments never become
    // another's candidates in the shared database.
    private static int _next = Random.Shared.Next(0, 4000);

    public static string NewPhone() => $"+44770{Random.Shared.Next(100, 999)}{Interlocked.Increment(ref _next) % 10000:D4}";

    public async Task<Customer> OpenAsync(string person, string? phone = null, string topUp = "500.00")
    {
        phone ??= NewPhone();
        var opened = await api.PostAsync("/v1/wallets", new { customerName = person, phoneNumber = phone, currency = "EUR" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var walletId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("walletId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = topUp, currency = "EUR", reference = "acq" }, ApiFixture.Key())).StatusCode);
        return new Customer(walletId, phone, person);
    }

    /// <summary>The SHA-256 of a signed consent form, as the tests' customers sign it.</summary>
    public static readonly string ConsentForm = new('f', 64);

    /// <summary>An enrolment permit for the wallet: requested by the operator, approved by the second operator.</summary>
    public async Task<Guid> PermitAsync(Guid walletId, string form = "")
    {
        var pending = await api.PostAsync($"/v1/wallets/{walletId}/face/enrolment-approvals",
            new { consentFormSha256 = form.Length > 0 ? form : ConsentForm }, ApiFixture.Key());
        return (await api.ApproveAsync(pending)).GetProperty("approvalId").GetGuid();
    }

    public async Task<HttpResponseMessage> EnrolAsync(Guid walletId, byte[] image, string? key = null, Guid? permit = null) =>
        await api.PostAsync($"/v1/wallets/{walletId}/face",
            new
            {
                image = Convert.ToBase64String(image),
                consent = new
                {
                    purpose = "face payment at participating stores", policyVersion = "biometric-consent-2026-11",
                    formSha256 = ConsentForm, approvalId = permit ?? await PermitAsync(walletId),
                },
            },
            key ?? ApiFixture.Key());

    /// <summary>The customer's device sets the PIN (a payment credential of its own proves it).</summary>
    public async Task SetPinAsync(Guid walletId, string pin)
    {
        var device = await CustomerDevice.IssueAsync(api, walletId);
        var response = await device.SetPinAsync(api, pin);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An operator asks to unlock face pay; the second operator approves.</summary>
    public async Task UnlockAsync(Guid walletId) =>
        await api.ApproveAsync(await api.PostAsync($"/v1/wallets/{walletId}/face/unlock", null, ApiFixture.Key()));

    /// <summary>Enrolment as a multipart upload: the image as a file part, the consent as fields.</summary>
    public async Task<HttpResponseMessage> EnrolMultipartAsync(Guid walletId, byte[] image, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(image), "image", fileName },
            { new StringContent("face payment"), "consentPurpose" },
            { new StringContent("biometric-consent-2026-11"), "consentPolicyVersion" },
            { new StringContent(ConsentForm), "consentFormSha256" },
            { new StringContent((await PermitAsync(walletId)).ToString()), "consentApprovalId" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{walletId}/face") { Content = form };
        request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        return await api.Client.SendAsync(request);
    }

    /// <summary>Opens, funds and enrols a customer from <paramref name="person"/>'s crop <paramref name="crop"/>.</summary>
    public async Task<Customer> EnrolledAsync(string person, int crop = 1, string? phone = null)
    {
        var customer = await OpenAsync(person, phone);
        var enrolled = await EnrolAsync(customer.WalletId, Faces.Crop(person, crop));
        Assert.True(enrolled.StatusCode == HttpStatusCode.Created, await enrolled.Content.ReadAsStringAsync());
        return customer;
    }

    /// <summary>An ordinary signed payment: afterwards the customer is a regular at the terminal's merchant.</summary>
    public async Task BecomeRegularAsync(Customer customer, TerminalCredential terminal)
    {
        var phone = await CustomerDevice.IssueAsync(api, customer.WalletId);
        var paid = await api.PostSignedAsync(terminal, "/v1/payments",
            new { terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = phone.CodeAt(api.Clock.GetUtcNow()) }, ApiFixture.Key());
        Assert.Equal("authorized", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    public static object LastFour(Customer c) => new { phoneLastFour = c.LastFour };
    public static object Phone(Customer c) => new { phoneNumber = c.Phone };

    public Task<HttpResponseMessage> PayAsync(TerminalCredential terminal, byte[] image, object customerHint, string amount = "4.20",
        string? pin = null, string? key = null) =>
        api.PostSignedAsync(terminal, "/v1/face-payments",
            new { terminalId = terminal.TerminalId, amount, currency = "EUR", customer = customerHint, pin, image = Convert.ToBase64String(image) },
            key ?? ApiFixture.Key());

    /// <summary>Every field a terminal's answer may have: a decision, never evidence (no wallet, distance, balance, limits).</summary>
    public static readonly string[] TerminalFields = ["paymentId", "status", "reason", "amount", "decidedAt"];

    /// <summary>
    /// The decision a terminal got, checked to carry nothing but <see cref="TerminalFields"/>; then the status, the
    /// detailed reason and the whole decision with its evidence as an operator reads it (GET /v1/payments/{id}).
    /// </summary>
    public async Task<(string Status, string? Reason, JsonElement Body)> DecisionAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(TerminalFields.Order(), answer.EnumerateObject().Select(p => p.Name).Order());
        var full = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{answer.GetProperty("paymentId").GetGuid()}");
        Assert.Equal(answer.GetProperty("status").GetString(), full.GetProperty("status").GetString());
        return (full.GetProperty("status").GetString()!, full.GetProperty("declineReason").GetString(), full);
    }

    public async Task<JsonElement> FaceProfileAsync(Guid walletId) =>
        await (await api.Client.GetAsync($"/v1/wallets/{walletId}/face")).Content.ReadFromJsonAsync<JsonElement>();
}
