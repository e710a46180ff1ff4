using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Bench.FacePay;
using Ledger.Domain.PaymentCodes;
using Till = Ledger.Bench.FacePay.Terminal;

namespace Ledger.Bench;

/// <summary>
/// The same payments as users make them: the API as a process of its own (the Release build, on a database of its own),
/// tills sending signed <c>POST /v1/payments</c> with a customer's payment code over HTTP. A code is used once per
/// 30-second step, so before each round the bench issues one payment credential per payment it may make (untimed,
/// through the operator endpoint, as a phone gets one) and its clients take them in turn; a round ends at its time or
/// when they run out, and its rate is over the time it ran.
/// </summary>
internal sealed class HttpLedgerLoad : IAsyncDisposable
{
    private const string Currency = "EUR";
    private readonly ApiProcess _api;
    private readonly string _database;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue _operator;
    private readonly List<Till> _terminals = [];
    private readonly List<Guid> _wallets = [];
    private readonly ConcurrentQueue<(PaymentCredentialId Credential, byte[] Key)> _credentials = new();
    private double _lastRate = 50;

    public string Side { get; }

    private HttpLedgerLoad(ApiProcess api, string database, int writers, bool batchNonces, bool cache, bool spin)
    {
        (_api, _database) = (api, database);
        Side = (writers == 0 ? "http" : $"http+gc{writers}") + (batchNonces ? "" : "/nonce1") + (cache ? "" : "/nocache") + (spin ? "" : "/nospin");
        // One connection per client, as tills have; no retries: a failure counts as one.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(60) };
        _operator = new AuthenticationHeaderValue("Bearer", api.OperatorToken);
    }

    /// <param name="writers">The API's group commit writers (1 as shipped); 0 commits each payment alone.</param>
    /// <param name="batchNonces">Signed requests arriving together use up their nonces in one commit (as shipped); false: each alone.</param>
    /// <param name="cache">The writers decide on the snapshots they committed last (as shipped); false: every batch reads them.</param>
    /// <param name="spin">The thread pool's idle workers spin before they sleep (.NET's default); false: they sleep at once.</param>
    public static async Task<HttpLedgerLoad> StartAsync(string apiDirectory, string toolDirectory, string connectionString, int wallets, int terminals,
        int writers, bool batchNonces = true, bool cache = true, bool spin = true)
    {
        var api = await ApiProcess.StartAsync(apiDirectory, toolDirectory, connectionString, TimeSpan.FromSeconds(120), new Dictionary<string, string>
        {
            // The fraud policy would freeze a wallet paying several times a second: it still raises its alerts, and acts not.
            ["Ledger__Fraud__RespondAutomatically"] = "false",
            ["GroupCommit__Writers"] = writers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Terminals__BatchNonces"] = batchNonces ? "true" : "false",
            ["GroupCommit__SnapshotCacheCapacity"] = cache ? "10000" : "0",
        }.Concat(spin ? [] : new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }).ToDictionary());
        var load = new HttpLedgerLoad(api, connectionString, writers, batchNonces, cache, spin);
        try
        {
            await load.SeedAsync(wallets, terminals);
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
        return load;
    }

    /// <summary>How many methods the API's JIT has compiled so far (its <c>/metrics</c>).</summary>
    public Task<long> JitCompiledMethodsAsync() => _api.JitCompiledMethodsAsync(_http);

    /// <summary>Issues the credentials the next round may use: the last round's rate for its time, half again, untimed.</summary>
    public async Task PrepareAsync(int clients, TimeSpan duration)
    {
        var wanted = (int)Math.Ceiling(_lastRate * duration.TotalSeconds * 1.5) + clients;
        _credentials.Clear();
        var next = -1;
        await Parallel.ForAsync(0, wanted, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var wallet = _wallets[Interlocked.Increment(ref next) % _wallets.Count];
            var issued = await PostAsync($"/v1/wallets/{wallet}/payment-credentials", new { }, ct);
            _credentials.Enqueue((new PaymentCredentialId(long.Parse(issued.GetProperty("credential").GetString()!)),
                System.Buffers.Text.Base64Url.DecodeFromChars(issued.GetProperty("key").GetString()!)));
        });
        await QuietAsync();
    }

    /// <summary>
    /// Until the service's background work (<see cref="BackgroundLag"/>) has caught up with the issuing, so that the
    /// round's counts and cores are the payments' own.
    /// </summary>
    private async Task QuietAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until)
        {
            if (await BackgroundLag.BehindAsync(connection) == 0) return;
            await Task.Delay(200);
        }
        Console.Error.WriteLine("  (http: the service's background work had not caught up with the credentials after 2 min; counting anyway)");
    }

    /// <summary>Payments answered with a decision (authorized or declined) per second; any other answer is a failure.</summary>
    public async Task<RoundResult> RunAsync(int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var stages = new ConcurrentDictionary<string, double>();
        var trafficBefore = await _api.DatabaseTrafficAsync(_http);
        var groupedBefore = await _api.GroupCommitAsync(_http);
        var stagesBefore = await _api.GroupCommitStagesAsync(_http);
        var noncesBefore = await _api.NonceRoundsAsync(_http);
        long done = 0, failed = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            var terminal = _terminals[c % _terminals.Count];
            while (watch.Elapsed < duration && _credentials.TryDequeue(out var credential))
            {
                var code = PaymentCode.Of(credential.Credential, PaymentCodeGenerator.CodeAt(credential.Key, DateTimeOffset.UtcNow)).ToString();
                var body = JsonSerializer.SerializeToUtf8Bytes(new { terminalId = terminal.TerminalId, amount = "1.00", currency = Currency, paymentCode = code });
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await _http.SendAsync(TerminalSigner.Post(terminal, "/v1/payments", body, Guid.NewGuid().ToString("N")));
                    var text = await response.Content.ReadAsStringAsync();
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if ((int)response.StatusCode == 201)
                    {
                        mine.Add(elapsed);
                        // The service's own split (Server-Timing, on in ApiProcess): its authentication and its ledger work.
                        foreach (var (stage, ms) in ServerTimingHeader.Parse(response)) stages.AddOrUpdate(stage, ms, (_, sum) => sum + ms);
                        Interlocked.Increment(ref done);
                        continue;
                    }
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"HTTP {(int)response.StatusCode}: {text}", null);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}" + (_api.Death() is { } death ? $"\n{death}" : ""), null);
                }
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        _lastRate = Math.Max(done / seconds, 10);
        // The service's own, background work included (projections, fraud rules, the audit chain), like the statements.
        var traffic = await _api.DatabaseTrafficAsync(_http);
        var grouped = await _api.GroupCommitAsync(_http);
        var transactions = grouped.Transactions - groupedBefore.Transactions;
        var nonces = await _api.NonceRoundsAsync(_http);
        var nonceRounds = nonces.Rounds - noncesBefore.Rounds;
        var writerStages = (await _api.GroupCommitStagesAsync(_http))
            .Select(s => (s.Key, Ms: (s.Value - stagesBefore.GetValueOrDefault(s.Key)) * 1000 / Math.Max(transactions, 1))).Where(s => s.Ms >= 0.05);
        var detail = done == 0 ? null
            : $"the API's database commands a payment (a batch counts once) {(traffic.RoundTrips - trafficBefore.RoundTrips) / done:F1}, " +
              $"KB written {(traffic.BytesWritten - trafficBefore.BytesWritten) / done / 1024:F1}, read {(traffic.BytesRead - trafficBefore.BytesRead) / done / 1024:F1}; " +
              $"server ms a payment: {string.Join(", ", stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value / done:F1}"))}" +
              (nonceRounds > 0 ? $"; nonces: {(nonces.Requests - noncesBefore.Requests) / nonceRounds:F1} requests a commit" : "") +
              (transactions > 0
                  ? $"; group commit: {(grouped.Commands - groupedBefore.Commands) / transactions:F1} commands a transaction, " +
                    $"{(grouped.SetBased - groupedBefore.SetBased) / done:P0} of payments set-based, {grouped.Fallbacks - groupedBefore.Fallbacks:F0} fallbacks, " +
                    $"{grouped.Cached - groupedBefore.Cached:F0} batches on cached snapshots, {grouped.Stale - groupedBefore.Stale:F0} decided again; " +
                    $"writer ms a transaction: {string.Join(", ", writerStages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Ms:F2}"))}"
                  : "");
        return new RoundResult(Side, clients, done / seconds, done, failed, latencies.SelectMany(l => l).ToList(), null, null, firstError, detail);
    }

    private async Task SeedAsync(int wallets, int terminals)
    {
        for (var t = 0; t < terminals; t++)
        {
            var merchant = await PostAsync("/v1/merchants", new { name = $"HTTP Merchant {t}", settlementCurrency = Currency, settlementAccount = "DE89370400440532013000" });
            var registered = await PostAsync("/v1/terminals", new { merchantId = merchant.GetProperty("merchantId").GetGuid(), label = $"http till {t}" });
            var key = registered.GetProperty("key");
            _terminals.Add(new Till(registered.GetProperty("terminalId").GetGuid(), key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!, _api.Address));
        }
        var ids = new Guid[wallets];
        await Parallel.ForAsync(0, wallets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
        {
            var limits = new { perPayment = "1000.00", dailyAmount = "10000000.00", dailyCount = 10_000, currency = Currency };
            var wallet = (await PostAsync("/v1/wallets", new { customerName = $"HTTP Customer {w}", phoneNumber = $"+4915200{w:000000}", currency = Currency, limits }, ct))
                .GetProperty("walletId").GetGuid();
            // Paying at terminals is what the customer consents to (the limit rules decline it otherwise).
            await PostAsync($"/v1/wallets/{wallet}/face-pay", new { policyVersion = "bench" }, ct, HttpMethod.Put);
            await PostAsync($"/v1/wallets/{wallet}/top-ups", new { amount = "1000000.00", currency = Currency, reference = "bench" }, ct);
            ids[w] = wallet;
        });
        _wallets.AddRange(ids);
    }

    private async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct = default, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = _operator;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{request.Method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }
}
