using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>The whole API in-process over HTTP, on a throwaway PostgreSQL database.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>Calls as an operator (bearer token of the credential <see cref="OperatorName"/>).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Calls as a second operator (<see cref="SecondOperatorName"/>): the other pair of eyes.</summary>
    public HttpClient SecondOperator { get; private set; } = null!;

    /// <summary>Calls as an auditor (credential <see cref="AuditorName"/>).</summary>
    public HttpClient AuditorClient { get; private set; } = null!;

    /// <summary>Calls with no credential at all.</summary>
    public HttpClient AnonymousClient { get; private set; } = null!;

    public const string OperatorName = "test-operator";
    public const string AuditorName = "test-auditor";
    public const string SecondOperatorName = "test-operator-2";

    public IServiceProvider Services => _factory!.Services;

    /// <summary>A client sending <c>Authorization: Bearer {token}</c> (no header when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = _factory!.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Issues a credential the way <c>ledger credentials issue</c> does; the token is in the answer.</summary>
    public Task<IssuedCredential> IssueCredentialAsync(string name, Role role, DateTimeOffset? expiresAt = null) =>
        Services.GetRequiredService<CredentialStore>().IssueAsync(name, role, expiresAt,
            new CommandContext(Actor.System("test"), $"test/{name}", Guid.NewGuid().ToString("N"), null, "test", Clock.GetUtcNow()), default);

    /// <summary>What the API logged, line by line (debug and up).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Every answer the service gave in this fixture: what ContractConformanceTests hold against the contract.</summary>
    public Contract.AnswerLog Answers { get; } = new();

    /// <summary>The server's clock; tests move it forward (and back) instead of waiting.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The test database as its schema owner (migrations, and tests that play the insider).</summary>
    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The same database as the runtime role the service connects as.</summary>
    public string RuntimeConnectionString => _database!.RuntimeConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_api");
        _factory = TestService.Create(_database.ConnectionString, web =>
        {
            // The face-pay suites play impostors at one till on purpose: the fraud policy would suspend it mid-test.
            // The rules still raise alerts; tests/Integration.Tests/Fraud covers the policy.
            web.UseSetting("Ledger:Fraud:RespondAutomatically", "false");
            // On-device templates stand in for an attested device's here; a service on defaults refuses them (FacePayRequestTests).
            web.UseSetting("FacePay:AcceptOnDeviceTemplates", "true");
            // The face-pay suites send plain captures to exercise the face rules; DeviceKeyTests and CaptureStatementTests
            // send signed statements (verified whatever this says), and a service on defaults refuses plain captures.
            web.UseSetting("FacePay:Capture:AcceptUnattested", "true");
            web.UseSetting("Terminals:AttestationRoots", TestAttestationRoot.PemFile);
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock).AddSingleton(Answers.StartupFilter()));
            web.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Debug));
        });
        AnonymousClient = _factory.CreateClient();
        (await AnonymousClient.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        Client = ClientWith((await IssueCredentialAsync(OperatorName, Role.Operator)).Token);
        AuditorClient = ClientWith((await IssueCredentialAsync(AuditorName, Role.Auditor)).Token);
        SecondOperator = ClientWith((await IssueCredentialAsync(SecondOperatorName, Role.Operator)).Token);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        AuditorClient.Dispose();
        SecondOperator.Dispose();
        AnonymousClient.Dispose();
        var keyStore = _factory?.Services.GetService<Ledger.Infrastructure.Biometrics.IBiometricKeyStore>() as Ledger.Infrastructure.Biometrics.FileBiometricKeyStore;
        var witness = _factory?.Services.GetService<Ledger.Infrastructure.Audit.AuditOptions>()?.WitnessDirectory;
        if (_factory is not null) await _factory.DisposeAsync();
        if (keyStore is not null) Directory.Delete(keyStore.Root, recursive: true);
        if (witness is not null && Directory.Exists(witness)) Directory.Delete(witness, recursive: true);
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>
    /// Rows in the event table and the idempotency table: what "nothing persisted" is measured by. Counted once the
    /// background work (fraud rules, views) has caught up, so an alert it raises for an earlier test's events is not
    /// counted against the request under test.
    /// </summary>
    public async Task<(long Events, long Keys)> PersistedCountsAsync()
    {
        await DaemonQuiescence.WaitAsync(Services.GetRequiredService<Marten.IDocumentStore>(), _database!.ConnectionString);
        await using var conn = new NpgsqlConnection(_database!.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select (select count(*) from ledger.mt_events), (select count(*) from ledger.mt_doc_idempotencydocument)", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object? body, string? key = null, string method = "POST")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }

    public static string Key() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Four eyes: the request an operator's call filed (202) is approved by <see cref="SecondOperator"/>; the act is done.
    /// </summary>
    public async Task<JsonElement> ApproveAsync(HttpResponseMessage pending)
    {
        var text = await pending.Content.ReadAsStringAsync();
        Assert.True(pending.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)pending.StatusCode}: {text}");
        var approvalId = JsonDocument.Parse(text).RootElement.GetProperty("approvalId").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/approve") { Headers = { { "Idempotency-Key", Key() } } };
        var approved = await SecondOperator.SendAsync(request);
        var body = await approved.Content.ReadAsStringAsync();
        Assert.True(approved.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)approved.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A new active merchant with one terminal, and the terminal's key as registration answered it.</summary>
    public async Task<TerminalCredential> RegisterTerminalAsync()
    {
        var merchant = await PostAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" }, Key());
        var merchantId = (await merchant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("merchantId").GetGuid();
        var terminal = await PostAsync("/v1/terminals", new { merchantId, label = "till" }, Key());
        var body = await terminal.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key");
        return new TerminalCredential(body.GetProperty("terminalId").GetGuid(), merchantId,
            key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!);
    }

    /// <summary>A terminal request signed as README describes it (<see cref="TerminalRequests.Sign"/>), at the server's clock.</summary>
    public HttpRequestMessage Signed(TerminalCredential terminal, string path, string json, string? key, string method = "POST",
        long? timestamp = null, string? nonce = null, int version = 2) =>
        TerminalRequests.Sign(terminal, path, json, key, timestamp ?? Clock.GetUtcNow().ToUnixTimeSeconds(), method, nonce, version);

    /// <summary>The Host every in-process test client sends.</summary>
    public const string TestHost = "localhost";

    /// <summary>
    /// The terminal SDK's client for <paramref name="terminal"/> against this service, at its clock; <paramref name="through"/>
    /// stands between the two (a network that loses answers), its inner handler set here.
    /// </summary>
    public Ledger.Terminal.Http.TerminalClient TerminalClient(TerminalCredential terminal, DelegatingHandler? through = null,
        Ledger.Terminal.Http.TerminalClientOptions? options = null)
    {
        HttpMessageHandler handler = _factory!.Server.CreateHandler();
        if (through is not null)
        {
            through.InnerHandler = handler;
            handler = through;
        }
        return new Ledger.Terminal.Http.TerminalClient(new HttpClient(handler) { BaseAddress = new Uri($"http://{TestHost}") }, terminal.Sdk,
            (options ?? new Ledger.Terminal.Http.TerminalClientOptions()) with { Time = Clock });
    }

    public Task<HttpResponseMessage> PostSignedAsync(TerminalCredential terminal, string path, object body, string? key) =>
        Client.SendAsync(Signed(terminal, path, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), key));
}

/// <summary>A terminal's id, its merchant, and its signing key.</summary>
public sealed record TerminalCredential(Guid TerminalId, Guid MerchantId, string KeyId, string Secret)
{
    /// <summary>As the terminal SDK holds it.</summary>
    public Ledger.Terminal.Signing.TerminalCredentials Sdk => new(TerminalId, KeyId, Secret);
}

/// <summary>The system clock plus an offset that a test may change, or stopped at one instant.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    /// <summary>When set, the time the server reads, whatever the wall clock says (a code's step cannot run out).</summary>
    public DateTimeOffset? FrozenAt { get; set; }

    public override DateTimeOffset GetUtcNow() => FrozenAt ?? System.GetUtcNow() + Offset;
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "API over HTTP";
}
