using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Ledger.Api.Tests.Docs;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// The service as an operating-system process of its own (the built <c>Ledger.Api.dll</c> under <c>dotnet</c>), on a
/// database, a port and broker names of its own: for what an in-process host cannot show, such as the memory the
/// service's process takes (the test host's own allocations would count too, and its GC would be shared).
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    // Null for a node of several: the database and the broker names are then the caller's to remove.
    private readonly TestDatabase? _database;
    private readonly ProcessStartInfo _start;
    private Process _process;
    private readonly string _keyStore;
    private readonly string _prefix;
    private readonly Queue<string> _output = new();

    private ServiceProcess(TestDatabase? database, ProcessStartInfo start, string keyStore, string prefix, Uri address, string token)
    {
        (_database, _start, _keyStore, _prefix, Address, OperatorToken) = (database, start, keyStore, prefix, address, token);
        _process = Begin();
        Operator = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Address { get; }

    /// <summary>The database the process owns (not for a node of several, whose caller holds it).</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("a node of several: the caller holds its database");

    /// <summary>The process's biometric key store (<c>Biometrics:KeyStore</c>); its checkpoint witness is under it.</summary>
    public string KeyStore => _keyStore;

    /// <summary>The bearer token of <see cref="Operator"/>, for a caller of its own (a script, curl).</summary>
    public string OperatorToken { get; }

    /// <summary>The service's database as the runtime role, as the <c>ledger</c> verbs connect to it.</summary>
    public string RuntimeConnectionString => TestDatabase.RuntimeFor((_database
        ?? throw new InvalidOperationException("a node of several: the caller holds its database")).ConnectionString);

    /// <summary>Calls as the operator whose token the process was started with.</summary>
    public HttpClient Operator { get; }

    /// <summary>
    /// Another operator (four eyes need two), issued as people do, by <c>ledger credentials issue</c> on the service's
    /// database: a client calling with its token, and the token for a caller of its own (a browser).
    /// </summary>
    public Task<(HttpClient Client, string Token)> IssueOperatorAsync(string name) => IssueAsync("operator", name);

    /// <summary>A credential of <paramref name="role"/> issued by <c>ledger credentials issue</c>, as <see cref="IssueOperatorAsync"/>.</summary>
    public async Task<(HttpClient Client, string Token)> IssueAsync(string role, string name)
    {
        var (code, stdout, stderr) = await LedgerProcess.RunAsync(["credentials", "issue", "--role", role, "--name", name],
            LedgerProcess.ToolDirectory, new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = RuntimeConnectionString });
        if (code != 0) throw new InvalidOperationException($"credentials issue: exit {code}\n{stderr}");
        var token = stdout.Split('\n').Single(l => l.StartsWith("token: ", StringComparison.Ordinal))["token: ".Length..].Trim();
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, token);
    }

    /// <param name="settings">Configuration as environment variables (<c>Section__Key</c>), on top of the test run's.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.CreateAsync("ledger_proc");
        // As in production: migrated by its owner, served by the runtime role.
        var runtime = TestDatabase.RuntimeFor(database.ConnectionString);
        TestService.Migrate(database.ConnectionString, runtime);
        var token = CredentialStore.NewToken();
        var prefix = NewEntityPrefix();
        return await StartOnAsync(database, runtime, prefix, token, settings);
    }

    /// <summary>
    /// One node of several serving <paramref name="database"/> (migrated by the caller) on one broker: the nodes share
    /// the broker names under <paramref name="prefix"/> (their consumers compete for one queue, as on several hosts)
    /// and the operator <paramref name="token"/>; each has its own port, key store and witness. Its connections
    /// carry <paramref name="name"/> as their application name, so the test can see in pg_stat_activity which node
    /// holds a lock. Disposing the node leaves the database and the broker names to the caller.
    /// </summary>
    public static Task<ServiceProcess> StartNodeAsync(TestDatabase database, string prefix, string token, string name,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var runtime = new NpgsqlConnectionStringBuilder(TestDatabase.RuntimeFor(database.ConnectionString)) { ApplicationName = name };
        return StartOnAsync(null, runtime.ConnectionString, prefix, token, settings);
    }

    private static async Task<ServiceProcess> StartOnAsync(TestDatabase? owned, string runtime, string prefix, string token,
        IReadOnlyDictionary<string, string>? settings)
    {
        var keyStore = TestService.KeyStoreDirectory();
        Directory.CreateDirectory(keyStore, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return await LaunchAsync(ServiceDll, owned, keyStore, prefix, token, start =>
        {
            // As the in-process fixtures run: Development (a development master key when none is set), on its own names.
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["ConnectionStrings__Ledger"] = runtime;
            start.Environment["Audit__WitnessDirectory"] = Path.Combine(keyStore, "witness");
            start.Environment["Messaging__EntityPrefix"] = prefix;
            start.Environment["Biometrics__KeyStore"] = keyStore;
            start.Environment["Ledger__Credentials__Operator"] = token;
            start.Environment["Ledger__Credentials__Auditor"] = "";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        });
    }

    /// <summary>
    /// The service with exactly <paramref name="environment"/>: nothing of the test run's environment reaches it but
    /// what finds <c>dotnet</c> (<see cref="ToolEnvironment"/>), so a setting the test run happens to have cannot make
    /// up for one the caller left out. The process owns <paramref name="database"/>, <paramref name="directory"/> and
    /// the broker names under <paramref name="prefix"/> and removes them when disposed.
    /// </summary>
    /// <param name="dll">The build to run: <see cref="ServiceDll"/> when null.</param>
    public static Task<ServiceProcess> StartExactlyAsync(TestDatabase database, string directory, string prefix, string token,
        IReadOnlyDictionary<string, string> environment, string? dll = null) =>
        LaunchAsync(dll ?? ServiceDll, database, directory, prefix, token, start =>
        {
            start.Environment.Clear();
            foreach (var (key, value) in ToolEnvironment().Concat(environment)) start.Environment[key] = value;
        });

    /// <summary>What a process needs of this environment to run <c>dotnet</c>: PATH, HOME and the DOTNET_ settings.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ToolEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""))
            .Where(e => e.Key is "PATH" or "HOME" || e.Key.StartsWith("DOTNET_", StringComparison.Ordinal));

    /// <summary>The built service (or LEDGER_TEST_SERVICE_DLL, another build of it, to measure an earlier one under the same test).</summary>
    public static string ServiceDll =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_SERVICE_DLL") is { Length: > 0 } other
            ? other : Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "Ledger.Api.dll");

    /// <summary>Broker names of one service's own (its queues and exchanges are deleted with it).</summary>
    public static string NewEntityPrefix() => $"api-proc-{Guid.NewGuid():N}"[..17] + ".";

    private static async Task<ServiceProcess> LaunchAsync(string dll, TestDatabase? database, string keyStore, string prefix, string token,
        Action<ProcessStartInfo> configure)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", address.ToString().TrimEnd('/') }) start.ArgumentList.Add(a);
        configure(start);
        var service = new ServiceProcess(database, start, keyStore, prefix, address, token);
        try
        {
            await service.WaitUntilReadyAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    private Process Begin()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The service started again, as after a crash or a deployment: the process is killed if it still runs, and a new one
    /// serves the same database, key store, witness, broker names and port, with <paramref name="changes"/> to its
    /// environment (a null value removes the variable).
    /// </summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string?>? changes = null)
    {
        await KillAsync();
        _process.Dispose();
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
            if (value is null) _start.Environment.Remove(key);
            else _start.Environment[key] = value;
        _process = Begin();
        await WaitUntilReadyAsync();
    }

    /// <summary>Until the process has ended by itself (a crash point), within <paramref name="bound"/>; false if it still runs.</summary>
    public async Task<bool> ExitedWithinAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        return _process.HasExited;
    }

    /// <summary>The process's resident memory now and at its peak (VmRSS, VmHWM of /proc/PID/status), in MiB.</summary>
    public (long CurrentMiB, long PeakMiB) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long KiB(string field) => long.Parse(status.Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (KiB("VmRSS") / 1024, KiB("VmHWM") / 1024);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <summary>A new merchant with one terminal, and the terminal's key as registration answered it.</summary>
    public async Task<TerminalCredential> RegisterTerminalAsync()
    {
        var merchant = await PostAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var merchantId = merchant.GetProperty("merchantId").GetGuid();
        var terminal = await PostAsync("/v1/terminals", new { merchantId, label = "till" });
        var key = terminal.GetProperty("key");
        return new TerminalCredential(terminal.GetProperty("terminalId").GetGuid(), merchantId,
            key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!);
    }

    /// <summary>A new wallet that consented to payment at terminals and holds <paramref name="topUp"/> EUR.</summary>
    public async Task<Guid> FundedWalletAsync(string customerName, string phoneNumber, string topUp)
    {
        var wallet = (await PostAsync("/v1/wallets", new { customerName, phoneNumber, currency = "EUR" })).GetProperty("walletId").GetGuid();
        await PostAsync($"/v1/wallets/{wallet}/face-pay", new { policyVersion = "consent-2026-01" }, HttpMethod.Put);
        await PostAsync($"/v1/wallets/{wallet}/top-ups", new { amount = topUp, currency = "EUR", reference = "test" });
        return wallet;
    }

    /// <summary>The operator tops the wallet up by <paramref name="amount"/> EUR under <paramref name="key"/>; the answer as it came.</summary>
    public async Task<HttpResponseMessage> TopUpAsync(Guid wallet, string key, string amount = "1.00")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups")
            { Content = JsonContent.Create(new { amount, currency = "EUR", reference = "test" }) };
        request.Headers.Add("Idempotency-Key", key);
        return await Operator.SendAsync(request);
    }

    /// <summary>A request signed by <paramref name="terminal"/>, as a till sends it to this process.</summary>
    public async Task<HttpResponseMessage> SendSignedAsync(TerminalCredential terminal, string path, string body, string key)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        using var request = TerminalRequests.Sign(terminal, path, body, key, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        request.Headers.Host = ApiFixture.TestHost;
        return await client.SendAsync(request);
    }

    private async Task<JsonElement> PostAsync(string path, object body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        var response = await Operator.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        // A start-up bound, not a measurement: models load, projections catch up.
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            Assert.False(_process.HasExited, $"The service exited at start:\n{Output}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) { }
        }
        Assert.Fail($"The service was not ready within 3 minutes:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200) _output.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>kill -9: the process ends at once (SIGKILL), with no shutdown of its own: its connections simply drop.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await KillAsync();
        _process.Dispose();
        if (Directory.Exists(_keyStore)) Directory.Delete(_keyStore, recursive: true);
        if (_database is null) return;
        await _database.DisposeAsync();
        try { await Broker.DeleteEntitiesAsync(_prefix); }
        catch (Exception) { } // the broker's entities are names only; a run without RabbitMQ has none
    }
}
