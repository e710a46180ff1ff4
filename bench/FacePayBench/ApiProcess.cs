using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Bench.FacePay;

/// <summary>
/// The built API (a Release Ledger.Api.dll) as a child process on a free local port, against the bench's own
/// database (migrated and given a second operator by the built <c>ledger</c> tool), with an operator token made for this run. Everything else (model pack, master key, audit key)
/// comes from the environment that .data/env set.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServerLog _log;

    private ApiProcess(Process process, ServerLog log, Uri address, string operatorToken)
    {
        _process = process;
        _log = log;
        Address = address;
        OperatorToken = operatorToken;
    }

    public Uri Address { get; }

    public string OperatorToken { get; }

    /// <summary>A second operator's token: the other pair of eyes on enrolments (issued with <c>ledger credentials issue</c>).</summary>
    public string ApproverToken { get; private set; } = "";

    /// <summary>Issues an operator credential the way operators get one: the CLI on the host, against the service's database.</summary>
    private static async Task<string> IssueOperatorAsync(ProcessStartInfo service, string tool, string name)
    {
        var cli = new ProcessStartInfo("dotnet", [tool, "credentials", "issue", "--role", "operator", "--name", name])
        {
            WorkingDirectory = service.WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in service.Environment) cli.Environment[key] = value;
        using var process = Process.Start(cli) ?? throw new InvalidOperationException("dotnet did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("token: ", StringComparison.Ordinal))?["token: ".Length..]
               ?? throw new InvalidOperationException($"ledger credentials issue failed ({process.ExitCode}): {errors}");
    }

    private static string RuntimeFor(string owner)
    {
        var runtime = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LEDGER_PG_RUNTIME") ?? "Username=ledger_app;Password=ledger_app");
        return new Npgsql.NpgsqlConnectionStringBuilder(owner) { Username = runtime.Username, Password = runtime.Password }.ConnectionString;
    }

    private static async Task MigrateAsync(string tool, string owner, string runtime)
    {
        var start = new ProcessStartInfo("dotnet", [tool, "db", "migrate"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ConnectionStrings__LedgerOwner"] = owner;
        start.Environment["ConnectionStrings__Ledger"] = runtime;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ledger db migrate failed ({process.ExitCode}): {await errors}");
    }

    public static async Task<ApiProcess> StartAsync(string apiDirectory, string toolDirectory, string connectionString, TimeSpan readyWithin,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(apiDirectory, "Ledger.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the API first (bench/facepay.sh does).", dll);
        var tool = Path.Combine(toolDirectory, "ledger.dll");
        if (!File.Exists(tool)) throw new FileNotFoundException("Build the ledger tool first (bench/facepay.sh does).", tool);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Content root = the build output, so its appsettings.json applies, as with scripts/run.sh.
        // As scripts/run.sh: the schema owner migrates, the service runs as the runtime role.
        var runtime = RuntimeFor(connectionString);
        await MigrateAsync(tool, connectionString, runtime);
        var start = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = apiDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Ledger"] = runtime;
        start.Environment.Remove("ConnectionStrings__LedgerOwner");
        // Integration events stay in memory: the shared broker carries other engineers' test traffic, and
        // publishing runs off the request path (a Marten subscription) either way.
        start.Environment["ConnectionStrings__RabbitMq"] = "";
        start.Environment["Ledger__Credentials__Operator"] = token;
        start.Environment["Ledger__Credentials__Auditor"] = "";
        // A biometric key store of the bench's own (a production service refuses to start without one).
        start.Environment["Biometrics__KeyStore"] = Path.Combine(Path.GetTempPath(), "ledger-bench-keys", Guid.NewGuid().ToString("N"));
        // A checkpoint witness of the run's own: the bench's database is made afresh each run, and a witness that saw
        // an earlier run's chain (or the local service's) rightly refuses a chain that starts again from genesis.
        start.Environment["Audit__WitnessDirectory"] = Path.Combine(Path.GetTempPath(), "ledger-bench-witness", Guid.NewGuid().ToString("N"));
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The bench measures the ledger and the networks, not the request buckets in front of them.
        start.Environment["RateLimits__PerTerminalKeyPerSecond"] = "0";
        start.Environment["RateLimits__PerClientAddressPerSecond"] = "0";
        // The bench's till sends plain captures (no device key): the networks and the ledger are measured, not COSE.
        start.Environment["FacePay__Capture__AcceptUnattested"] = "true";
        // Each answer says where its time went (Server-Timing: the vision stages summed over frames, the ledger's commit).
        start.Environment["Diagnostics__ServerTiming"] = "true";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new ServerLog(process);
        var api = new ApiProcess(process, log, address, token);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + readyWithin;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with {process.ExitCode}:\n{log.Tail()}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    api.ApproverToken = await IssueOperatorAsync(start, tool, $"bench-approver-{Guid.NewGuid():N}"[..24]);
                    return api;
                }
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline)
            {
                await api.DisposeAsync();
                throw new TimeoutException($"The API was not ready within {readyWithin}:\n{log.Tail()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The service's process id (its CPU time is read from /proc: <see cref="CpuMeter"/>).</summary>
    public int Pid => _process.Id;

    /// <summary>The service process's resident memory now and at its peak (VmRSS, VmHWM), in MiB.</summary>
    public (long Now, long Peak) MemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long Mb(string field) => long.Parse(status.Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Mb("VmRSS"), Mb("VmHWM"));
    }

    /// <summary>
    /// Methods the service's JIT has compiled so far (the runtime's <c>dotnet.jit.compiled_methods</c> on
    /// <c>/metrics</c>): while it still rises quickly, the service is compiling its hot paths again at a higher tier and
    /// a round would time the warm-up, not the service.
    /// </summary>
    public async Task<long> JitCompiledMethodsAsync(HttpClient http) => (long)await MetricAsync(http, "dotnet_jit_compiled_methods");

    /// <summary>Seconds the service's garbage collector has paused it so far (the runtime's <c>dotnet.gc.pause.time</c>).</summary>
    public Task<double> GcPauseSecondsAsync(HttpClient http) => MetricAsync(http, "dotnet_gc_pause_time_seconds");

    /// <summary>Collections the service's GC has made so far, by generation (the runtime's <c>dotnet.gc.collections</c>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> GcCollectionsAsync(HttpClient http) =>
        // dotnet_gc_collections_total{gc_heap_generation="gen0",...} 12
        (await MetricLinesAsync(http))
            .Where(l => l.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal))
            .Select(l => (Generation: System.Text.RegularExpressions.Regex.Match(l, "gc_heap_generation=\"([^\"]+)\"").Groups[1].Value,
                Count: (long)SampleValue(l)))
            .GroupBy(g => g.Generation).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));

    /// <summary>
    /// The service's round trips to the database so far (Npgsql's <c>db.client.commands.duration</c>: one a command or a
    /// batch, over all its pools), and the bytes they wrote and read.
    /// </summary>
    public async Task<(double RoundTrips, double BytesWritten, double BytesRead)> DatabaseTrafficAsync(HttpClient http)
    {
        var lines = await MetricLinesAsync(http);
        double Sum(string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal)).Sum(SampleValue);
        return (Sum("db_client_commands_duration_seconds_count{"), Sum("db_client_commands_bytes_written_bytes_total{"),
            Sum("db_client_commands_bytes_read_bytes_total{"));
    }

    /// <summary>
    /// The service's group commit so far (<c>ledger_group_commit_*</c>; all 0 when it is off): transactions, the commands
    /// in them, commands written set-based, set-based batches that ran again the Marten way, batches decided on cached
    /// snapshots without reading, and batches whose cached snapshots failed a check and were decided again on reads.
    /// </summary>
    public async Task<(double Transactions, double Commands, double SetBased, double Fallbacks, double Cached, double Stale)> GroupCommitAsync(
        HttpClient http)
    {
        var lines = await MetricLinesAsync(http);
        double Sum(string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal)).Sum(SampleValue);
        return (Sum("ledger_group_commit_transactions_total{"), Sum("ledger_group_commit_commands_total{"),
            Sum("ledger_group_commit_set_based_total{"), Sum("ledger_group_commit_fallbacks_total{"),
            Sum("ledger_group_commit_cached_batches_total{"), Sum("ledger_group_commit_stale_batches_total{"));
    }

    /// <summary>The service's nonce round trips so far and the signed requests they carried (<c>ledger_terminal_nonces_*</c>).</summary>
    public async Task<(double Rounds, double Requests)> NonceRoundsAsync(HttpClient http)
    {
        var lines = await MetricLinesAsync(http);
        double Sum(string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal)).Sum(SampleValue);
        return (Sum("ledger_terminal_nonces_rounds_total{"), Sum("ledger_terminal_nonces_requests_total{"));
    }

    /// <summary>Seconds the service's group commit writers spent so far in each stage of their transactions, by stage.</summary>
    public async Task<IReadOnlyDictionary<string, double>> GroupCommitStagesAsync(HttpClient http) =>
        // ledger_group_commit_stage_duration_seconds_total{otel_scope_name="Ledger",stage="read"} 1.5
        (await MetricLinesAsync(http))
            .Where(l => l.StartsWith("ledger_group_commit_stage_duration_seconds_total{", StringComparison.Ordinal))
            .Select(l => (Stage: System.Text.RegularExpressions.Regex.Match(l, "stage=\"([^\"]+)\"").Groups[1].Value, Seconds: SampleValue(l)))
            .GroupBy(s => s.Stage).ToDictionary(g => g.Key, g => g.Sum(s => s.Seconds));

    // The first sample of a metric whose name starts with this on /metrics (the operator's scrape).
    private async Task<double> MetricAsync(HttpClient http, string name) =>
        SampleValue((await MetricLinesAsync(http)).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"/metrics has no {name}"));

    private async Task<string[]> MetricLinesAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Split('\n');
    }

    // name{labels} value [timestamp]
    private static double SampleValue(string line)
    {
        var value = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' '))..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Why a call found nobody listening: the exit code and the server's last lines, or null while it runs.</summary>
    public string? Death() => _process.HasExited ? $"The API exited with {_process.ExitCode} at {_process.ExitTime:O}:\n{_log.Tail()}" : null;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Keeps the last lines the server printed, to explain a failed start.</summary>
    private sealed class ServerLog
    {
        private readonly Queue<string> _lines = new();

        public ServerLog(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Tail()
        {
            lock (_lines) return string.Join('\n', _lines);
        }

        private void Add(string? line)
        {
            if (line is null) return;
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 40) _lines.Dequeue();
            }
        }
    }
}
