using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// Multipart bodies that say two things (two image parts, a field twice) or are not the multipart they announce (no
/// boundary, no boundary line): each a 400 problem with nothing written, never the first part silently, never a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MultipartAttackTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task Attack_an_enrolment_with_two_image_parts_is_refused_naming_image_and_enrols_neither_face()
    {
        var customer = await _driver.OpenAsync("raj");
        var form = await EnrolmentFormAsync(customer.WalletId);
        form.Add(new ByteArrayContent(Faces.Crop("howard", 1)), "image", "second.png");
        var before = await api.PersistedCountsAsync();

        var response = await SendAsync($"/v1/wallets/{customer.WalletId}/face", form);

        await AssertAmbiguousAsync(response, "image");
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_templates where wallet_id = @id", customer.WalletId));
    }

    [Fact]
    public async Task An_enrolment_giving_a_field_twice_or_a_file_under_another_name_is_refused()
    {
        var customer = await _driver.OpenAsync("raj");
        var twice = await EnrolmentFormAsync(customer.WalletId);
        twice.Add(new StringContent("another purpose"), "consentPurpose");
        var otherFile = await EnrolmentFormAsync(customer.WalletId);
        otherFile.Add(new ByteArrayContent(Faces.Crop("howard", 1)), "photo", "photo.png");
        var before = await api.PersistedCountsAsync();

        await AssertAmbiguousAsync(await SendAsync($"/v1/wallets/{customer.WalletId}/face", twice), "consentPurpose");
        await AssertAmbiguousAsync(await SendAsync($"/v1/wallets/{customer.WalletId}/face", otherFile), "photo");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Attack_a_signed_face_payment_with_two_image_parts_is_refused_and_nothing_is_written()
    {
        var terminal = await api.RegisterTerminalAsync();
        var amy = await _driver.EnrolledAsync("amy");
        using var form = new MultipartFormDataContent("ledger-test-boundary")
        {
            { new StringContent(terminal.TerminalId.ToString()), "terminalId" },
            { new StringContent("2.50"), "amount" },
            { new StringContent("EUR"), "currency" },
            { new StringContent(amy.Phone), "phoneNumber" },
            { new ByteArrayContent(Faces.Crop("penny", 5)), "image", "stranger.png" },
            { new ByteArrayContent(Faces.Crop("amy", 4)), "image", "amy.png" },
        };
        var before = await api.PersistedCountsAsync();

        var response = await api.Client.SendAsync(SignedBytes(terminal, await form.ReadAsByteArrayAsync(), form.Headers.ContentType!.ToString()));

        await AssertAmbiguousAsync(response, "image");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc\r\n--x--\r\n" },
        { "multipart/form-data; boundary=ledger-boundary", "no boundary line anywhere in this body" },
        { "multipart/form-data; boundary=ledger-boundary", "--ledger-boundary\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\ncut off" },
    };

    [Theory, MemberData(nameof(Unreadable))]
    public async Task A_multipart_body_without_its_boundary_is_a_400_problem_not_a_500(string contentType, string body)
    {
        var customer = await _driver.OpenAsync("raj");
        var terminal = await api.RegisterTerminalAsync();
        var before = await api.PersistedCountsAsync();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var enrolment = await SendAsync($"/v1/wallets/{customer.WalletId}/face", content);
        var payment = await api.Client.SendAsync(SignedBytes(terminal, Encoding.ASCII.GetBytes(body), contentType));

        await TerminalPayments.AssertProblemAsync(enrolment, HttpStatusCode.BadRequest);
        await TerminalPayments.AssertProblemAsync(payment, HttpStatusCode.BadRequest);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    private async Task<MultipartFormDataContent> EnrolmentFormAsync(Guid walletId) => new()
    {
        { new ByteArrayContent(Faces.Crop("raj", 1)), "image", "raj.png" },
        { new StringContent("face payment"), "consentPurpose" },
        { new StringContent("biometric-consent-2026-11"), "consentPolicyVersion" },
        { new StringContent(FacePayDriver.ConsentForm), "consentFormSha256" },
        { new StringContent((await _driver.PermitAsync(walletId)).ToString()), "consentApprovalId" },
    };

    private async Task<HttpResponseMessage> SendAsync(string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        return await api.Client.SendAsync(request);
    }

    /// <summary>Signed by the terminal SDK over any body and content type: the refusal must come from the form, not the signature.</summary>
    private HttpRequestMessage SignedBytes(TerminalCredential terminal, byte[] body, string contentType) =>
        TerminalRequests.SignBytes(terminal, "/v1/face-payments", body, contentType, ApiFixture.Key(), api.Clock.GetUtcNow().ToUnixTimeSeconds());

    private static async Task AssertAmbiguousAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:ledger:problem:ambiguous-form", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {text}");
    }
}
