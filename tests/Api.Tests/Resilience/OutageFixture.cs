using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// The whole API in-process, reaching its throwaway database only through a <see cref="TcpOutage"/>, so
/// a test can take the database away from this service (and only from it) and give it back. The test's
/// own checks go to PostgreSQL directly.
/// </summary>
public sealed class OutageFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public TcpOutage Network { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's clock; a test may stop it so that the payment codes it made cannot expire mid-test.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>A code from a new payment credential of the wallet (one per payment: a code is single use).</summary>
    public async Task<string> PaymentCodeAsync(Guid walletId) => (await CustomerDevice.IssueAsync(Client, walletId)).CodeAt(Clock.GetUtcNow());

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_outage");
        var direct = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        Network = TcpOutage.Start(direct.Host!, direct.Port);
        var forwarded = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = Network.Port };
        _factory = TestService.Create(forwarded.ConnectionString,
            web => web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
        Client = _factory.CreateClient();
        // The hang guard: a request that never answers fails the test instead of stalling the run. Generous, because on a
        // shared 2-core machine under a full test run a request queued behind a burst and the outage's retries took over
        // 30 s (OutageDuringBurstTests, 2026-12-03) without hanging; a real hang still fails here.
        Client.Timeout = TimeSpan.FromSeconds(120);
        (await Client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        var issued = await _factory.Services.GetRequiredService<CredentialStore>().IssueAsync("outage-operator", Role.Operator, expiresAt: null,
            new CommandContext(Actor.System("test"), "test/outage-operator", Guid.NewGuid().ToString("N"), null, "test", DateTimeOffset.UtcNow), default);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);
    }

    public async Task DisposeAsync()
    {
        Network.Restore();
        Client.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await Network.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>Cuts the service off its database until the handle is disposed.</summary>
    public IDisposable Outage()
    {
        Network.Cut();
        return new Restoring(Network);
    }

    /// <summary>A query straight to PostgreSQL, past the forwarder.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body, string key, string method = "POST") =>
        Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { { "Idempotency-Key", key } },
        });

    /// <summary>A terminal request signed as README describes it, with a fresh nonce each time.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(TerminalCredential terminal, string path, object payload, string key) =>
        Client.SendAsync(TerminalRequests.Sign(terminal, path, JsonSerializer.Serialize(payload, JsonSerializerOptions.Web), key,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public async Task<TerminalCredential> RegisterTerminalAsync()
    {
        var merchant = await CreatedAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var merchantId = merchant.GetProperty("merchantId").GetGuid();
        var terminal = await CreatedAsync("/v1/terminals", new { merchantId, label = "till" });
        var key = terminal.GetProperty("key");
        return new TerminalCredential(terminal.GetProperty("terminalId").GetGuid(), merchantId,
            key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!);
    }

    /// <summary>An open wallet with face pay on and <paramref name="topUp"/> EUR in it.</summary>
    public async Task<Guid> FundedWalletAsync(string topUp)
    {
        var walletId = (await CreatedAsync("/v1/wallets", new { customerName = "Sam", phoneNumber = "+4915112340000", currency = "EUR" }))
            .GetProperty("walletId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/wallets/{walletId}/face-pay", new { policyVersion = "consent-2026-01" }, Key(), "PUT")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = topUp, currency = "EUR", reference = "acq" }, Key())).StatusCode);
        return walletId;
    }

    public static string Key() => Guid.NewGuid().ToString("N");

    private async Task<JsonElement> CreatedAsync(string path, object body)
    {
        var response = await PostAsync(path, body, Key());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private sealed class Restoring(TcpOutage network) : IDisposable
    {
        public void Dispose() => network.Restore();
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "API with its database behind a breakable link";
}
