using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Access;

/// <summary>The published OpenAPI document says who may call each operation, from the metadata that is enforced.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiAccessTests(ApiFixture api)
{
    [Fact]
    public async Task Every_operation_states_its_access_and_role_operations_name_the_bearer_scheme()
    {
        var document = await api.AnonymousClient.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Key: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .ToList();

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.NotEmpty(operations);
        var access = operations.ToDictionary(o => o.Key, o => o.Operation.TryGetProperty("x-ledger-access", out var a)
            ? string.Join(",", a.EnumerateArray().Select(x => x.GetString())) : "(none)");
        Assert.DoesNotContain("(none)", access.Values);
        Assert.Equal("auditor", access["GET /v1/audit/export"]);
        Assert.Equal("operator,auditor", access["GET /v1/ledger/trial-balance"]);
        Assert.Equal("terminal-signature", access["POST /v1/payments"]);
        Assert.Equal("public", access["GET /v1/audit/public-key"]);
        Assert.All(operations.Where(o => access[o.Key] is not ("public" or "terminal-signature")),
            o => Assert.Equal("bearer", o.Operation.GetProperty("security")[0].EnumerateObject().Single().Name));
    }
}
