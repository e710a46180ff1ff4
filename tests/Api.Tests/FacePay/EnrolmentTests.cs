using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Consented enrolment through the vision pipeline and its quality gates, on real captures.</summary>
[Collection(ApiCollection.Name)]
public sealed class EnrolmentTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task An_enrolment_records_consent_and_the_template_reference_but_never_the_template()
    {
        var customer = await _driver.OpenAsync("bernadette");

        var response = await _driver.EnrolAsync(customer.WalletId, Faces.Crop("bernadette", 1));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(profile.GetProperty("facePayEnabled").GetBoolean());
        Assert.Equal("biometric-consent-2026-11", profile.GetProperty("consentPolicyVersion").GetString());
        Assert.StartsWith("face_recognition@", profile.GetProperty("modelId").GetString());
        var events = await EventsOfAsync(customer.WalletId);
        var enrolled = Assert.Single(events, e => e.Type == "face_enrolled.v1");
        var consent = Assert.Single(events, e => e.Type == "face_pay_enabled.v2");
        Assert.Equal("face payment at participating stores", consent.Data.GetProperty("purpose").GetString());
        Assert.Equal(64, enrolled.Data.GetProperty("captureSha256").GetString()!.Length);
        Assert.Equal(profile.GetProperty("templateId").GetGuid(), enrolled.Data.GetProperty("templateId").GetGuid());
        Assert.False(enrolled.Data.TryGetProperty("values", out _));
        Assert.StartsWith("operator:", consent.Actor);
    }

    [Fact]
    public async Task Re_enrolment_replaces_the_template_and_names_the_one_it_replaced()
    {
        var customer = await _driver.EnrolledAsync("howard", crop: 1);
        var first = (await _driver.FaceProfileAsync(customer.WalletId)).GetProperty("templateId").GetGuid();

        var again = await _driver.EnrolAsync(customer.WalletId, Faces.Crop("howard", 3));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateId").GetGuid();
        Assert.NotEqual(first, second);
        var replaced = (await EventsOfAsync(customer.WalletId)).Last(e => e.Type == "face_enrolled.v1");
        Assert.Equal(first, replaced.Data.GetProperty("replacesTemplateId").GetGuid());
    }

    public static TheoryData<string, string> BadCaptures => new()
    {
        { "groups/bbt3", "capture-multiple-faces" },
        { "stuart/5", "capture-not-frontal" },
        { "blurred:amy/1", "capture-blurred" },
        // The image's content, not the request's shape: 422 image-* as for a corrupt image (README), never a 400.
        { "text", "image-unsupported-format" },
        { "gif", "image-unsupported-format" },
        { "svg", "image-unsupported-format" },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public async Task A_capture_that_fails_a_quality_gate_is_refused_with_its_reason_and_nothing_is_stored(string capture, string problem)
    {
        var customer = await _driver.OpenAsync("someone");
        var permit = await _driver.PermitAsync(customer.WalletId);
        var before = await api.PersistedCountsAsync();
        var bytes = capture switch
        {
            "text" => "not an image at all"u8.ToArray(),
            "gif" => "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"u8.ToArray(),
            "svg" => """<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"""u8.ToArray(),
            _ when capture.StartsWith("groups/") => Faces.Group(capture[7..]),
            _ when capture.StartsWith("blurred:") => Blur.Png(Faces.Crop(capture[8..^2], capture[^1] - '0'), sigma: 3f),
            _ => Faces.Crop(capture[..capture.IndexOf('/')], capture[^1] - '0'),
        };

        var response = await _driver.EnrolAsync(customer.WalletId, bytes, permit: permit);

        await TerminalPayments.AssertProblemAsync(response, problem == "validation" ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity,
            problem == "validation" ? null : problem);
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_templates where wallet_id = @id", customer.WalletId));
    }

    [Fact]
    public async Task Enrolment_without_consent_is_refused()
    {
        var customer = await _driver.OpenAsync("leonard");
        var response = await api.PostAsync($"/v1/wallets/{customer.WalletId}/face",
            new { image = Convert.ToBase64String(Faces.Crop("leonard", 1)) }, ApiFixture.Key());
        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("consent", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_enrolment_may_come_as_a_multipart_upload()
    {
        var customer = await _driver.OpenAsync("raj");

        var response = await _driver.EnrolMultipartAsync(customer.WalletId, Faces.Crop("raj", 1), "raj.png");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<IReadOnlyList<(string Type, JsonElement Data, string Actor)>> EventsOfAsync(Guid streamId)
    {
        var rows = await api.RowsAsync("select type, data::text, headers->>'actor' from ledger.mt_events where stream_id = @id order by version", streamId);
        return rows.Select(r => ((string)r[0], JsonDocument.Parse((string)r[1]).RootElement, r[2] as string ?? "")).ToList();
    }
}
