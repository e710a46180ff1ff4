using System.Net;
using System.Text.Json;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// A capture that is well-formed base64 but not a JPEG, PNG or WebP is refused for its content, as a corrupt image is:
/// 422 <c>image-unsupported-format</c> (README), over HTTP and the bus alike, before anything is looked up or written.
/// Base64 that does not decode stays a 400: that is the request's shape.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnsupportedImageTests(ApiFixture api)
{
    public static TheoryData<string> NotOurFormats => new()
    {
        "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;",
        """<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>""",
        "BM not a bitmap either",
    };

    [Theory, MemberData(nameof(NotOurFormats))]
    public async Task A_face_payment_with_a_GIF_SVG_or_BMP_is_422_image_unsupported_format_and_writes_nothing(string content)
    {
        var terminal = await api.RegisterTerminalAsync();
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", customer = new { phoneLastFour = "1234" },
            image = Convert.ToBase64String(System.Text.Encoding.Latin1.GetBytes(content)),
        }, JsonSerializerOptions.Web);
        var before = await api.PersistedCountsAsync();

        var overHttp = await api.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", body, ApiFixture.Key()));
        var onTheBus = (await BusRequests.Client(api.Services)
            .GetResponse<FacePaymentReplied>(BusRequests.Signed(terminal, body, ApiFixture.Key(), api.Clock.GetUtcNow()))).Message;

        await TerminalPayments.AssertProblemAsync(overHttp, HttpStatusCode.UnprocessableEntity, "image-unsupported-format");
        Assert.Equal((422, "urn:ledger:problem:image-unsupported-format"),
            (onTheBus.Status, JsonDocument.Parse(onTheBus.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task An_image_that_is_not_base64_is_still_a_400_naming_image()
    {
        var terminal = await api.RegisterTerminalAsync();
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", customer = new { phoneLastFour = "1234" }, image = "not*base64!",
        }, JsonSerializerOptions.Web);

        var response = await api.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", body, ApiFixture.Key()));

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("\"image\"", await response.Content.ReadAsStringAsync());
    }
}
