using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit.Replay;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// The service as a process of its own on a real port (a browser needs one), on its own PostgreSQL database and broker
/// names, with an operator and an auditor token; and Debian's chromium, driven headless by Playwright through its
/// executable path (Playwright's own browser download is not reachable here; scripts/test.sh installs chromium).
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private ServiceProcess? _service;
    private IBrowser? _browser;

    private ServiceProcess Service => _service ?? throw new InvalidOperationException("not started");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");
    public string OperatorToken => Service.OperatorToken;
    public string AuditorToken { get; } = CredentialStore.NewToken();
    public string BaseUrl => Service.Address.ToString().TrimEnd('/');
    /// <summary>The service's database, as its owner (for tests that look at plans and rows).</summary>
    public string ConnectionString => Service.Database.ConnectionString;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/test.sh installs Debian's chromium package");
        // A checkpoint after every chained batch, so an export covers what a test just wrote within a poll or two.
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ledger__Credentials__Auditor"] = AuditorToken, ["Audit__CheckpointEveryEvents"] = "1",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A fresh browser (its own cookies) on the console's sign-in page, of this service or the one at <paramref name="baseUrl"/>.</summary>
    public async Task<IPage> NewPageAsync(string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl ?? BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        return page;
    }

    /// <summary>A fresh browser signed in with <paramref name="token"/>, on the console's home page.</summary>
    public async Task<IPage> SignedInAsync(string token, string? baseUrl = null)
    {
        var page = await NewPageAsync(baseUrl);
        await page.FillAsync("#token", token);
        await page.ClickAsync("form.sign-in button");
        Assert.EndsWith("/console", page.Url);
        return page;
    }

    /// <summary>The page as it looks now, saved as docs/console/NAME.png for docs/CONSOLE.md.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "docs", "console");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>A wallet opened and topped up through the HTTP API by the operator; frozen too when asked.</summary>
    public async Task<Guid> OpenWalletAsync(bool frozen = false, string topUp = "25.00", string customerName = "Console Customer",
        string phoneNumber = "+4915100000001")
    {
        var api = Service.Operator;
        var opened = await Send(api, HttpMethod.Post, "/v1/wallets", new { customerName, phoneNumber, currency = "EUR" });
        var id = opened.GetProperty("walletId").GetGuid();
        await Send(api, HttpMethod.Post, $"/v1/wallets/{id}/top-ups", new { amount = topUp, currency = "EUR", reference = "console-test" });
        if (frozen) await Send(api, HttpMethod.Post, $"/v1/wallets/{id}/freeze", new { reason = "console test" });
        return id;
    }

    /// <summary>
    /// A payout above the four-eyes amount, requested by the operator and approved by a second one: its event's causation
    /// is the approval (docs/ACCESS.md, "Four eyes"). The wallet and the approval's id.
    /// </summary>
    public async Task<(Guid Wallet, Guid Approval)> ApprovedPayoutAsync()
    {
        var wallet = await OpenWalletAsync(topUp: "150.00");
        var requested = await Send(Service.Operator, HttpMethod.Post, $"/v1/wallets/{wallet}/payouts",
            new { amount = "120.00", currency = "EUR", reference = "console-payout" });
        var approval = requested.GetProperty("approvalId").GetGuid();
        _second ??= (await Service.IssueOperatorAsync("console-second-operator")).Client;
        await Send(_second, HttpMethod.Post, $"/v1/approvals/{approval}/approve", null);
        return (wallet, approval);
    }

    private HttpClient? _second;
    private TerminalCredential? _terminal;

    /// <summary>A wallet that consented to pay at terminals, funded with <paramref name="topUp"/> EUR.</summary>
    public Task<Guid> FundedWalletAsync(string topUp) => Service.FundedWalletAsync("Console Payer", "+4915100000002", topUp);

    /// <summary>
    /// A payment of <paramref name="amount"/> EUR at a real terminal with a one-time code from the customer's own device
    /// (a new device per payment: a code is used once). The payment's id and its status.
    /// </summary>
    public async Task<(Guid Payment, string Status)> PayAsync(Guid wallet, string amount)
    {
        _terminal ??= await Service.RegisterTerminalAsync();
        var phone = await CustomerDevice.IssueAsync(Service.Operator, wallet);
        var body = JsonSerializer.Serialize(new { terminalId = _terminal.TerminalId, amount, currency = "EUR", paymentCode = phone.CodeAt(DateTimeOffset.UtcNow) });
        using var paid = await Service.SendSignedAsync(_terminal, "/v1/payments", body, Guid.NewGuid().ToString("N"));
        var text = await paid.Content.ReadAsStringAsync();
        Assert.True(paid.IsSuccessStatusCode, $"POST /v1/payments: {(int)paid.StatusCode} {text}");
        var answer = JsonDocument.Parse(text).RootElement;
        return (answer.GetProperty("paymentId").GetGuid(), answer.GetProperty("status").GetString()!);
    }

    public Task RefundAsync(Guid payment, string amount) =>
        Send(Service.Operator, HttpMethod.Post, $"/v1/payments/{payment}/refunds", new { amount, currency = "EUR", reason = "console test refund" });

    /// <summary>Another auditor's token (a second engagement), issued as people do, by <c>ledger credentials issue</c>.</summary>
    public async Task<string> IssueAuditorAsync(string name)
    {
        var (client, token) = await Service.IssueAsync("auditor", name);
        client.Dispose();
        return token;
    }

    /// <summary>The what-if replay run here, synchronously, on the service's database: what a stored report must equal.</summary>
    public async Task<WhatIfReport> WhatIfDirectlyAsync(Ledger.Domain.Audit.LimitPolicy policy, DateTimeOffset? from, DateTimeOffset? to)
    {
        await using var services = new ServiceCollection().AddLogging().AddInfrastructure(Service.Database.ConnectionString).BuildServiceProvider();
        return await new WhatIfRunner(services.GetRequiredService<IDocumentStore>()).RunAsync(policy, from, to, default);
    }

    public Task FreezeAsync(Guid wallet) =>
        Send(Service.Operator, HttpMethod.Post, $"/v1/wallets/{wallet}/freeze", new { reason = "console test" });

    public async Task<string> WalletStatusAsync(Guid wallet) =>
        (await Service.Operator.GetFromJsonAsync<JsonElement>($"/v1/wallets/{wallet}")).GetProperty("status").GetString()!;

    /// <summary>Waits until a signed checkpoint covers every event of <paramref name="stream"/> (the service chains and signs in the background).</summary>
    public async Task SignedUpToAsync(Guid stream)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync<long>(
            "select count(*) from ledger.mt_events e where e.stream_id = $1 and e.seq_id > (select coalesce(max(seq), 0) from ledger.audit_checkpoints)",
            stream) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no checkpoint covered stream {stream} within a minute: is the audit chain service running?");
            await Task.Delay(100);
        }
    }

    /// <summary>One value from the service's database, as its owner.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(Service.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private static async Task<JsonElement> Send(HttpClient api, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _second?.Dispose();
        if (_service is not null) await _service.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console in a browser";
}
