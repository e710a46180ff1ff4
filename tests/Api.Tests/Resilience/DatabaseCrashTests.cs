using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Access;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// PostgreSQL itself crashes under load: a server of the test's own is stopped with <c>pg_ctl stop -m immediate</c>
/// while terminals pay and operators top up, and started again (it replays its WAL). The service process is not
/// restarted; every client retries what was not answered, with the same Idempotency-Key, as the 503's Retry-After
/// says. Then every payment and top-up exists exactly once, whatever the crash cut, the books hold and the audit
/// chain verifies.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Wallets = 4, PaymentsPerWallet = 5;
    private OwnPostgres _server = null!;
    private TestDatabase _database = null!;
    private readonly string _prefix = ServiceProcess.NewEntityPrefix();

    public async Task InitializeAsync()
    {
        _server = await OwnPostgres.StartAsync();
        _database = await TestDatabase.CreateAsync("ledger_pgcrash", _server.ServerConnection);
        TestService.Migrate(_database.ConnectionString, TestDatabase.RuntimeFor(_database.ConnectionString));
    }

    [Fact]
    public async Task PostgreSQL_stopped_immediately_under_load_loses_no_acknowledged_write_and_doubles_none()
    {
        var checks = new LedgerChecks(_database, output);
        await using var service = await ServiceProcess.StartNodeAsync(_database, _prefix, CredentialStore.NewToken(), "pg-crash", new Dictionary<string, string>
        {
            ["RateLimits__PerTerminalKeyPerSecond"] = "0",
            ["Ledger__Fraud__RespondAutomatically"] = "false",
        });
        var terminal = await service.RegisterTerminalAsync();
        var wallets = new List<Guid>();
        var work = new List<Func<Task<HttpResponseMessage>>>();
        for (var w = 0; w < Wallets; w++)
        {
            var wallet = await service.FundedWalletAsync($"Crash Customer {w}", $"+49151000003{w:D2}", "50.00");
            wallets.Add(wallet);
            for (var p = 0; p < PaymentsPerWallet; p++)
            {
                var phone = await CustomerDevice.IssueAsync(service.Operator, wallet);
                // The code is read when the payment is first sent (it is valid for about a minute), and the same body is
                // sent on every retry: a retry is the same request.
                string? body = null;
                var key = $"pay-{w}-{p}";
                work.Add(() => service.SendSignedAsync(terminal, "/v1/payments", body ??= JsonSerializer.Serialize(new
                {
                    terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = phone.CodeAt(DateTimeOffset.UtcNow),
                }), key));
                var topUpKey = $"top-up-{w}-{p}";
                work.Add(() => service.TopUpAsync(wallet, topUpKey));
            }
        }

        var answered = 0;
        var failures = new ConcurrentBag<string>();
        var retries = 0;
        using var gate = new SemaphoreSlim(4);
        var load = work.Select(send => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                for (var deadline = DateTime.UtcNow.AddMinutes(3); ; Interlocked.Increment(ref retries))
                {
                    var (status, text) = await AttemptAsync(send);
                    if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        if (text.Contains("\"declined\"", StringComparison.Ordinal)) failures.Add(text);
                        break;
                    }
                    if (DateTime.UtcNow > deadline || status is not (HttpStatusCode.ServiceUnavailable or null))
                    {
                        failures.Add($"{(int?)status} {text}");
                        break;
                    }
                    await Task.Delay(500);
                }
                Interlocked.Increment(ref answered);
            }
            finally
            {
                gate.Release();
            }
        })).ToList();

        await LedgerChecks.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref answered)), n => n >= work.Count / 3, "third of the load answered");
        await _server.StopImmediatelyAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _server.StartAgainAsync();
        await Task.WhenAll(load);
        output.WriteLine($"{work.Count} requests, {retries} retries after 503s or cut connections");

        Assert.True(failures.IsEmpty, string.Join('\n', failures) + "\n" + service.Output);
        Assert.Equal(Wallets * PaymentsPerWallet, await checks.EventsAsync("payment_authorized.v1"));
        Assert.Equal(Wallets * PaymentsPerWallet, await checks.EventsAsync("wallet_debited.v1"));
        Assert.Equal(Wallets * (PaymentsPerWallet + 1), await checks.EventsAsync("wallet_topped_up.v1"));
        await checks.BooksHoldAsync(service.Operator, wallets);
        foreach (var wallet in wallets)
            // 50.00 opened with, each payment of 1.00 matched by a top-up of 1.00.
            Assert.Equal(5_000L, await checks.ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{wallet}")));
        await checks.ChainVerifiesAsync();
    }

    /// <summary>One try: the status and body, or no status when the connection was cut or refused mid-request.</summary>
    private static async Task<(HttpStatusCode?, string)> AttemptAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }

    public async Task DisposeAsync()
    {
        try { await _database.DisposeAsync(); }
        finally { await _server.DisposeAsync(); }
        try { await Broker.DeleteEntitiesAsync(_prefix); }
        catch (Exception) { } // names only; a run without RabbitMQ has none
    }
}
