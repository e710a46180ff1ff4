using System.Net;
using System.Net.Http.Headers;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Access;

/// <summary>The tokens set-up configures exist once the service starts, and a revoked one is not brought back by a restart.</summary>
public sealed class BootstrapCredentialTests
{
    [Fact]
    public async Task A_configured_token_is_issued_at_start_and_stays_revoked_across_restarts()
    {
        await using var database = await TestDatabase.CreateAsync("ledger_boot");
        var token = CredentialStore.NewToken();

        await using (var first = Service(database, token))
        {
            using var client = Client(first, token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/ledger/trial-balance")).StatusCode);
            var store = first.Services.GetRequiredService<CredentialStore>();
            var credential = (await store.FindByTokenAsync(token, default))!;
            Assert.Equal(($"setup-operator-{Convert.ToHexStringLower(CredentialStore.HashOf(token))[..8]}", Role.Operator),
                (credential.Name, credential.Role));
            Assert.True(await store.RevokeAsync(credential.Id,
                new CommandContext(Actor.System("test"), "test/revoke", "c", null, "r", DateTimeOffset.UtcNow), default));
        }

        await using var second = Service(database, token);
        using var again = Client(second, token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/v1/ledger/trial-balance")).StatusCode);
        Assert.Single(await second.Services.GetRequiredService<CredentialStore>().ListAsync(default));
    }

    [Fact]
    public async Task A_configured_token_too_short_to_be_random_stops_the_service()
    {
        await using var database = await TestDatabase.CreateAsync("ledger_boot");
        await using var service = Service(database, "password123");

        var refused = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.Contains("Ledger:Credentials:Operator", refused.ToString());
    }

    private static WebApplicationFactory<Program> Service(TestDatabase database, string operatorToken) =>
        TestService.Create(database.ConnectionString, operatorToken: operatorToken);

    private static HttpClient Client(WebApplicationFactory<Program> service, string token)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
