using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// A model upgrade in place, end to end with real networks, PostgreSQL and the key store: a customer enrolled under
/// face_recognition (128 numbers, Euclidean) pays at a service switched to faceres (1024 numbers, cosine). Without
/// renewal configured the old template is never compared; with <c>FacePay:RenewTemplatesFrom=face_recognition</c> the
/// payment is verified under the old model's template and renews it from the same capture (the consent named in the
/// event), the report shows the customer moved, and the next payment is verified under faceres directly. Every decision
/// records the operating point it ran at.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TemplateRenewalTests(ApiFixture api)
{
    private static Action<IWebHostBuilder> Settings(string? recognizer = null, string? renewFrom = null) => web =>
    {
        web.UseSetting("FacePay:Capture:AcceptUnattested", "true");
        web.UseSetting("Ledger:Fraud:RespondAutomatically", "false");
        if (recognizer is not null) web.UseSetting("Vision:Recognizer", recognizer);
        if (renewFrom is not null) web.UseSetting("FacePay:RenewTemplatesFrom", renewFrom);
    };

    private async Task<JsonElement> PayAsync(SeparateService service, TerminalCredential terminal, string phone, string amount, byte[] image)
    {
        var body = new { terminalId = terminal.TerminalId, amount, currency = "EUR", customer = new { phoneNumber = phone }, image = Convert.ToBase64String(image) };
        var response = await service.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", JsonSerializer.Serialize(body, JsonSerializerOptions.Web),
            ApiFixture.Key(), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var paymentId = JsonDocument.Parse(text).RootElement.GetProperty("paymentId").GetGuid();
        return await service.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}");
    }

    private static async Task<long> RenewalsAsync(TestDatabase database, Guid walletId)
    {
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from ledger.mt_events where type = 'face_template_renewed.v1' and stream_id = @w " +
            "and data->>'consentPolicyVersion' = 'biometric-consent-2026-11' and data->>'consentPurpose' = 'face payment at participating stores'", conn);
        cmd.Parameters.AddWithValue("w", walletId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_customer_enrolled_under_face_recognition_is_renewed_by_a_payment_after_the_switch_to_faceres_and_then_pays_under_faceres()
    {
        await using var database = await TestDatabase.CreateAsync("ledger_renew");
        var keyStore = TestService.KeyStoreDirectory();
        try
        {
            var phone = FacePayDriver.NewPhone();
            Guid walletId;
            TerminalCredential terminal;
            await using (var before = await SeparateService.StartOnAsync(database, keyStore, Settings()))
            {
                terminal = await before.RegisterTerminalAsync();
                walletId = (await (await before.PostAsync("/v1/wallets", new { customerName = "Amy", phoneNumber = phone, currency = "EUR" }))
                    .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("walletId").GetGuid();
                await before.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = "100.00", currency = "EUR", reference = "acq" });
                await before.EnrolAsync(walletId, Faces.Crop("amy", 5));
            }

            // The switch without renewal: the face_recognition template is never compared with faceres (nobody is).
            await using (var switchedOnly = await SeparateService.StartOnAsync(database, keyStore, Settings("faceres")))
            {
                var refused = await PayAsync(switchedOnly, terminal, phone, "4.00", Faces.Crop("amy", 2));
                Assert.Equal(("declined", "reenrolment_required"), (refused.GetProperty("status").GetString(), refused.GetProperty("declineReason").GetString()));
                Assert.Equal(0, refused.GetProperty("face").GetProperty("candidates").GetInt32());
                Assert.StartsWith("faceres@", refused.GetProperty("face").GetProperty("operatingPoint").GetProperty("modelId").GetString());
                Assert.Equal(0, await RenewalsAsync(database, walletId));
            }

            await using var after = await SeparateService.StartOnAsync(database, keyStore, Settings("faceres", "face_recognition"));
            var report = await after.Client.GetFromJsonAsync<JsonElement>("/v1/face-templates/models");
            Assert.Equal((0, 1), (report.GetProperty("onCurrentModel").GetInt64(), report.GetProperty("onOlderModelsOnly").GetInt64()));
            Assert.StartsWith("face_recognition@", report.GetProperty("olderModels")[0].GetProperty("modelId").GetString());

            var renewing = await PayAsync(after, terminal, phone, "4.00", Faces.Crop("amy", 2));
            Assert.Equal("authorized", renewing.GetProperty("status").GetString());
            var oldPoint = renewing.GetProperty("face").GetProperty("operatingPoint");
            Assert.StartsWith("face_recognition@", renewing.GetProperty("face").GetProperty("modelId").GetString());
            Assert.Equal(("euclidean", 0.6f, "configured", 0.552), (oldPoint.GetProperty("metric").GetString(), oldPoint.GetProperty("threshold").GetSingle(),
                oldPoint.GetProperty("thresholdSource").GetString(), oldPoint.GetProperty("calibratedThreshold").GetDouble()));
            Assert.Equal(1, await RenewalsAsync(database, walletId));
            var profile = await after.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}/face");
            Assert.StartsWith("faceres@", profile.GetProperty("modelId").GetString());
            Assert.Equal(2, profile.GetProperty("templates").GetArrayLength());
            report = await after.Client.GetFromJsonAsync<JsonElement>("/v1/face-templates/models");
            Assert.Equal((1, 1, 0), (report.GetProperty("onCurrentModel").GetInt64(), report.GetProperty("onCurrentAndOlderModel").GetInt64(),
                report.GetProperty("onOlderModelsOnly").GetInt64()));

            var direct = await PayAsync(after, terminal, phone, "3.00", Faces.Crop("amy", 3));
            Assert.Equal("authorized", direct.GetProperty("status").GetString());
            var point = direct.GetProperty("face").GetProperty("operatingPoint");
            Assert.StartsWith("faceres@", direct.GetProperty("face").GetProperty("modelId").GetString());
            Assert.Equal(("cosine", "calibrated", 2), (point.GetProperty("metric").GetString(), point.GetProperty("thresholdSource").GetString(),
                point.GetProperty("calibrationRevision").GetInt32()));
            Assert.Equal(0.333f, point.GetProperty("threshold").GetSingle(), 1e-6f);
            Assert.Equal(0.05f / 0.6f * 0.333f, point.GetProperty("margin").GetSingle(), 1e-5f);
            Assert.InRange(direct.GetProperty("face").GetProperty("distance").GetSingle(), 0f, 0.333f);
            Assert.Equal(1, await RenewalsAsync(database, walletId));

            var impostor = await PayAsync(after, terminal, phone, "3.00", Faces.Crop("penny", 1));
            Assert.Equal(("declined", "face_no_match"), (impostor.GetProperty("status").GetString(), impostor.GetProperty("declineReason").GetString()));
            Assert.StartsWith("faceres@", impostor.GetProperty("face").GetProperty("modelId").GetString());
        }
        finally
        {
            if (Directory.Exists(keyStore)) Directory.Delete(keyStore, recursive: true);
        }
    }
}
