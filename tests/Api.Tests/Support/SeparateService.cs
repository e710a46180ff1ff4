using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Messaging;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A service of its own, on a database of its own, for a test that needs a configuration other than the shared
/// fixture's (<see cref="ApiFixture"/> accepts on-device templates; this one does not unless told). Two services on one
/// database would each run the async daemon over the same events.
/// </summary>
internal sealed class SeparateService : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _owned;

    private SeparateService(TestDatabase database, WebApplicationFactory<Program> factory, HttpClient client, bool owned = true)
    {
        (_database, _factory, Client, _owned) = (database, factory, client, owned);
    }

    /// <summary>Calls as an operator; terminal requests signed with <see cref="ApiFixture.Signed"/> go through it too.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public string EntityPrefix => Services.GetRequiredService<MessagingOptions>().EntityPrefix;

    public static async Task<SeparateService> StartAsync(Action<IWebHostBuilder>? configure = null) =>
        await StartAsync(await TestDatabase.CreateAsync("ledger_sep"), configure, owned: true);

    /// <summary>
    /// A service on a database (and a key store, <c>Biometrics:KeyStore</c>) that outlives it: one service after another
    /// on the same data, as a deployment upgraded in place. The caller disposes the database and deletes the key store.
    /// </summary>
    public static Task<SeparateService> StartOnAsync(TestDatabase database, string keyStore, Action<IWebHostBuilder>? configure = null) =>
        StartAsync(database, web =>
        {
            web.UseSetting("Biometrics:KeyStore", keyStore);
            configure?.Invoke(web);
        }, owned: false);

    private static async Task<SeparateService> StartAsync(TestDatabase database, Action<IWebHostBuilder>? configure, bool owned)
    {
        var token = CredentialStore.NewToken();
        var factory = TestService.Create(database.ConnectionString, configure, token);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ready = await client.GetAsync("/health/ready");
        if (!ready.IsSuccessStatusCode) throw new InvalidOperationException($"the service is not ready: {await ready.Content.ReadAsStringAsync()}");
        return new SeparateService(database, factory, client, owned);
    }

    /// <summary>
    /// Enrols <paramref name="image"/> on the wallet as the README describes: a permit naming the signed consent form,
    /// requested by this service's operator and approved by a second operator of its own, then the enrolment.
    /// </summary>
    public async Task EnrolAsync(Guid walletId, byte[] image)
    {
        var form = new string('f', 64);
        using var permit = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{walletId}/face/enrolment-approvals")
            { Content = JsonContent.Create(new { consentFormSha256 = form }) };
        permit.Headers.Add("Idempotency-Key", ApiFixture.Key());
        var pending = await Client.SendAsync(permit);
        var approvalId = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approvalId").GetGuid();
        var second = await Services.GetRequiredService<CredentialStore>().IssueAsync($"second-{Guid.NewGuid():N}"[..20], Domain.Access.Role.Operator, null,
            new Domain.Application.CommandContext(Domain.Application.Actor.System("test"), $"test/{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), null,
                "test", DateTimeOffset.UtcNow), default);
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/approve");
        approve.Headers.Add("Idempotency-Key", ApiFixture.Key());
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", second.Token);
        (await Client.SendAsync(approve)).EnsureSuccessStatusCode();
        await PostAsync($"/v1/wallets/{walletId}/face", new
        {
            image = Convert.ToBase64String(image),
            consent = new { purpose = "face payment at participating stores", policyVersion = "biometric-consent-2026-11", formSha256 = form, approvalId },
        });
    }

    public async Task<TerminalCredential> RegisterTerminalAsync()
    {
        var merchant = await PostAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var merchantId = (await merchant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("merchantId").GetGuid();
        var terminal = await (await PostAsync("/v1/terminals", new { merchantId, label = "till" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = terminal.GetProperty("key");
        return new TerminalCredential(terminal.GetProperty("terminalId").GetGuid(), merchantId,
            key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!);
    }

    /// <summary>Rows in the event and idempotency tables, once the daemon has caught up (as <see cref="ApiFixture.PersistedCountsAsync"/>).</summary>
    public async Task<(long Events, long Keys)> PersistedCountsAsync()
    {
        await DaemonQuiescence.WaitAsync(Services.GetRequiredService<Marten.IDocumentStore>(), _database.ConnectionString);
        await using var conn = new NpgsqlConnection(_database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select (select count(*) from ledger.mt_events), (select count(*) from ledger.mt_doc_idempotencydocument)", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>An operator's POST with a fresh idempotency key; fails the test unless it succeeds.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        var keyStore = _factory.Services.GetService<Ledger.Infrastructure.Biometrics.IBiometricKeyStore>() as Ledger.Infrastructure.Biometrics.FileBiometricKeyStore;
        await _factory.DisposeAsync();
        if (!_owned) return;
        if (keyStore is not null) Directory.Delete(keyStore.Root, recursive: true);
        await _database.DisposeAsync();
    }
}
