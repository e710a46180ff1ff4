using System.Net.Http.Json;
using Ledger.Integration.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>The whole API in-process over HTTP, on a throwaway PostgreSQL database.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_api");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("ConnectionStrings:Ledger", _database.ConnectionString));
        Client = _factory.CreateClient();
        (await Client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>Rows in the event table and the idempotency table: what "nothing persisted" is measured by.</summary>
    public async Task<(long Events, long Keys)> PersistedCountsAsync()
    {
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
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "API over HTTP";
}
