using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Readiness reports the face models on their own: loaded and checked, or missing.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModelReadinessTests(ApiFixture api)
{
    [Fact]
    public async Task Ready_reports_the_loaded_face_models()
    {
        var ready = await (await api.AnonymousClient.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();

        var models = ready.GetProperty("checks").GetProperty("models");
        Assert.Equal("healthy", models.GetProperty("status").GetString());
        Assert.Contains("face_recognition@", models.GetProperty("description").GetString());
        // The networks run below the service's priority (Vision:NetworkNice, 5 by default), and readiness says so.
        Assert.Contains("networks at nice 5", models.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("20")]
    public async Task A_nice_value_outside_what_Linux_has_stops_the_start_with_what_is_allowed(string nice)
    {
        await using var factory = TestService.Create(api.ConnectionString, web => web.UseSetting("Vision:NetworkNice", nice));

        var refused = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains($"Vision:NetworkNice is {nice}", refused.Message);
        Assert.Contains("from 0", refused.Message);
    }

    [Fact]
    public async Task Without_the_model_pack_the_service_is_not_ready_and_says_why()
    {
        var empty = Directory.CreateTempSubdirectory("ledger-no-models").FullName;
        try
        {
            await using var factory = TestService.Create(api.ConnectionString, web => web.UseSetting("Vision:ModelPack", empty));
            using var client = factory.CreateClient();

            var response = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var models = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("models");
            Assert.Equal("unhealthy", models.GetProperty("status").GetString());
            Assert.Contains("models.sh", models.GetProperty("description").GetString());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
