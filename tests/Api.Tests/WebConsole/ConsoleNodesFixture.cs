using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Docs;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Microsoft.Playwright;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// Two API processes on one database and broker (as <c>TwoNodeFailoverTests</c> starts them) behind one address whose
/// test chooses which process serves (<see cref="OneAddress"/>), and Debian's chromium: one console served by several
/// instances without sticky sessions.
/// </summary>
public sealed class ConsoleNodesFixture : IAsyncLifetime
{
    private readonly string _prefix = ServiceProcess.NewEntityPrefix();
    private TestDatabase? _database;
    private ServiceProcess? _a, _b;
    private OneAddress? _front;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string OperatorToken { get; } = CredentialStore.NewToken();
    public string AuditorToken { get; } = CredentialStore.NewToken();
    internal ServiceProcess A => _a ?? throw new InvalidOperationException("not started");
    internal ServiceProcess B => _b ?? throw new InvalidOperationException("not started");
    internal OneAddress Front => _front ?? throw new InvalidOperationException("not started");
    private TestDatabase Database => _database ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ConsoleFixture.ChromiumPath), $"{ConsoleFixture.ChromiumPath} is missing: scripts/test.sh installs Debian's chromium package");
        _database = await TestDatabase.CreateAsync("ledger_consoles");
        TestService.Migrate(_database.ConnectionString, _database.RuntimeConnectionString);
        var settings = new Dictionary<string, string> { ["Ledger__Credentials__Auditor"] = AuditorToken };
        _a = await ServiceProcess.StartNodeAsync(_database, _prefix, OperatorToken, "console-a", settings);
        _b = await ServiceProcess.StartNodeAsync(_database, _prefix, OperatorToken, "console-b", settings);
        _front = new OneAddress(_a.Address);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ConsoleFixture.ChromiumPath, Headless = true });
    }

    /// <summary>Sends the browser's requests from now on to <paramref name="node"/>.</summary>
    internal void Serve(ServiceProcess node) => Front.Serve(node.Address);

    /// <summary>A fresh browser (its own cookies), signed in with <paramref name="token"/> through the one address, on the home page.</summary>
    public async Task<IPage> SignedInAsync(string token)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Front.Address });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.FillAsync("#token", token);
        await page.ClickAsync("form.sign-in button");
        Assert.EndsWith("/console", page.Url);
        return page;
    }

    /// <summary>A fresh browser holding only <paramref name="cookie"/>: someone who copied it.</summary>
    public async Task<IPage> WithCookieAsync(BrowserContextCookiesResult cookie)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Front.Address });
        await context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        return await context.NewPageAsync();
    }

    public static async Task<BrowserContextCookiesResult> SessionCookieAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Single(c => c.Name == Api.WebConsole.ConsoleSessionCookie.Name);

    /// <summary>The SHA-256 of a cookie's token, as the server stores it.</summary>
    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>A wallet opened, topped up and frozen through the HTTP API by the operator.</summary>
    public async Task<Guid> FrozenWalletAsync()
    {
        var id = (await SendAsync(HttpMethod.Post, "/v1/wallets", new { customerName = "Node Customer", phoneNumber = "+4915100000009", currency = "EUR" }))
            .GetProperty("walletId").GetGuid();
        await SendAsync(HttpMethod.Post, $"/v1/wallets/{id}/top-ups", new { amount = "10.00", currency = "EUR", reference = "nodes-test" });
        await SendAsync(HttpMethod.Post, $"/v1/wallets/{id}/freeze", new { reason = "console nodes test" });
        return id;
    }

    public async Task<string> WalletStatusAsync(Guid wallet) =>
        (await A.Operator.GetFromJsonAsync<JsonElement>($"/v1/wallets/{wallet}")).GetProperty("status").GetString()!;

    /// <summary><c>ledger credentials VERB ...</c> on the nodes' database, as people run it; its standard output.</summary>
    public async Task<string> CredentialsAsync(params string[] args)
    {
        var (code, stdout, stderr) = await LedgerProcess.RunAsync(["credentials", .. args], LedgerProcess.ToolDirectory,
            new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = Database.RuntimeConnectionString });
        Assert.True(code == 0, $"ledger credentials {string.Join(' ', args)}: exit {code}\n{stderr}");
        return stdout;
    }

    /// <summary>One statement or value on the nodes' database, as its owner (a person with database access).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await A.Operator.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_front is not null) await _front.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        try { await Broker.DeleteEntitiesAsync(_prefix); }
        catch (Exception) { } // names only; a run without RabbitMQ has none
    }
}
