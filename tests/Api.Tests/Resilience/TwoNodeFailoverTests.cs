using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Fraud;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Fraud;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// Two API processes on one database and one broker, as on two hosts behind a balancer. Under a load of terminal
/// payments sent to both, the node that leads the async daemon (Marten's hot/cold election, a PostgreSQL advisory
/// lock) is killed with SIGKILL; the clients send what it did not answer again, with the same idempotency keys, to
/// the node left. Then: the daemon's leadership has moved and everything caught up; every payment exists exactly
/// once and the books hold; each integration event was handled once by the settlement feed (its inbox absorbs what
/// was published again after the kill); the fraud alerts are exactly those the rules give over the stored events,
/// each once; the audit chain, written by whichever node holds its lock, verifies.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwoNodeFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Wallets = 6, PaymentsPerWallet = 6;

    private TestDatabase _database = null!;
    private LedgerChecks _checks = null!;
    private readonly string _prefix = ServiceProcess.NewEntityPrefix();
    private readonly string _token = CredentialStore.NewToken();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_nodes");
        _checks = new LedgerChecks(_database, output);
        TestService.Migrate(_database.ConnectionString, TestDatabase.RuntimeFor(_database.ConnectionString));
    }

    [Fact]
    public async Task Killing_the_daemon_leader_under_load_moves_leadership_and_loses_or_doubles_nothing()
    {
        var settings = new Dictionary<string, string>
        {
            // The load is many payments from one till, which is what the request buckets are there to stop.
            ["RateLimits__PerTerminalKeyPerSecond"] = "0",
            ["RateLimits__PerClientAddressPerSecond"] = "0",
            // Alerts only: six payments a minute per wallet would otherwise freeze the wallets mid-test.
            ["Ledger__Fraud__RespondAutomatically"] = "false",
        };
        await using var a = await ServiceProcess.StartNodeAsync(_database, _prefix, _token, "node-a", settings);
        await using var b = await ServiceProcess.StartNodeAsync(_database, _prefix, _token, "node-b", settings);
        var nodes = new Dictionary<string, ServiceProcess> { ["node-a"] = a, ["node-b"] = b };
        var leaderName = await LedgerChecks.EventuallyAsync(LeaderAsync, leader => leader is not null, "a daemon leader");
        var leader = nodes[leaderName!];
        var survivor = nodes.Single(n => n.Key != leaderName).Value;
        output.WriteLine($"leader {leaderName}");

        var terminal = await survivor.RegisterTerminalAsync();
        var payments = new List<(string Key, string Body)>();
        for (var w = 0; w < Wallets; w++)
        {
            var wallet = await survivor.FundedWalletAsync($"Node Customer {w}", $"+49151000000{w:D2}", "100.00");
            for (var p = 0; p < PaymentsPerWallet; p++)
            {
                var phone = await CustomerDevice.IssueAsync(survivor.Operator, wallet);
                payments.Add(($"pay-{w}-{p}", JsonSerializer.Serialize(new
                {
                    terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = phone.CodeAt(DateTimeOffset.UtcNow),
                })));
            }
        }

        // Half the load goes to each node; once a third is answered the leader dies, whatever it is doing.
        var answered = 0;
        var retriedOnSurvivor = 0;
        var answers = new ConcurrentDictionary<string, (HttpStatusCode Status, string Body)>();
        using var gate = new SemaphoreSlim(8);
        var load = payments.Select((payment, i) => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                var first = i % 2 == 0 ? leader : survivor;
                (HttpStatusCode, string)? answer = null;
                try
                {
                    answer = await SendAsync(first, terminal, payment.Key, payment.Body);
                }
                catch (HttpRequestException) when (first == leader) { }
                catch (TaskCanceledException) when (first == leader) { }
                if (answer is null)
                {
                    // What a balancer does with a request whose node went away: the same request to the other node.
                    Interlocked.Increment(ref retriedOnSurvivor);
                    answer = await SendAsync(survivor, terminal, payment.Key, payment.Body);
                }
                answers[payment.Key] = answer.Value;
                Interlocked.Increment(ref answered);
            }
            finally
            {
                gate.Release();
            }
        })).ToList();
        await LedgerChecks.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref answered)), n => n >= payments.Count / 3, "a third of the load answered");
        await leader.KillAsync();
        await Task.WhenAll(load);
        output.WriteLine($"{retriedOnSurvivor} requests sent again to the survivor after the kill");

        Assert.All(answers.Values, a => Assert.True(a.Status == HttpStatusCode.Created && a.Body.Contains("\"authorized\"", StringComparison.Ordinal),
            $"{(int)a.Status} {a.Body}\n{survivor.Output}"));
        Assert.Equal(payments.Count, answers.Count);

        // The survivor leads now, and every projection and subscription reaches the last event.
        var survivorName = nodes.Single(n => n.Value == survivor).Key;
        await LedgerChecks.EventuallyAsync(LeaderAsync, l => l == survivorName, $"{survivorName} leading the daemon");
        await _checks.CaughtUpAsync();

        await AssertEachPaymentOnceAndTheBooksHoldAsync(terminal, payments.Count);
        await AssertSettlementFeedCountedEachPaymentOnceAsync(terminal, payments.Count);
        await AssertFraudAlertsAreExactlyTheRulesOnesAsync();
        await _checks.ChainVerifiesAsync();
    }

    private async Task AssertEachPaymentOnceAndTheBooksHoldAsync(TerminalCredential terminal, int count)
    {
        Assert.Equal(count, await _checks.ScalarAsync<long>("select count(*) from ledger.mt_events where type = 'payment_authorized.v1'"));
        Assert.Equal(count, await _checks.ScalarAsync<long>("select count(*) from ledger.mt_events where type = 'wallet_debited.v1'"));
        Assert.Equal(count, await _checks.ScalarAsync<long>(
            "select count(*) from ledger.mt_doc_idempotencydocument where id like @t", ("t", $"terminal:{terminal.TerminalId}/%")));
        Assert.Equal(0L, await _checks.ScalarAsync<long>("select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings"));
        Assert.Equal(Wallets * (10_000L - PaymentsPerWallet * 100), await _checks.ScalarAsync<long>(
            "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account like 'wallet:%'"));
    }

    /// <summary>The feed counts through the consumers' inbox: a message published again after the kill changes nothing.</summary>
    private async Task AssertSettlementFeedCountedEachPaymentOnceAsync(TerminalCredential terminal, int count)
    {
        await LedgerChecks.EventuallyAsync(() => _checks.ScalarAsync<long>(
                "select coalesce(sum(authorized_count), 0)::bigint from ledger.merchant_settlement_feed where merchant_id = @m", ("m", terminal.MerchantId)),
            n => n >= count, "the settlement feed counting every payment");
        Assert.Equal(count, await _checks.ScalarAsync<long>(
            "select coalesce(sum(authorized_count), 0)::bigint from ledger.merchant_settlement_feed where merchant_id = @m", ("m", terminal.MerchantId)));
        Assert.Equal(count * 100L, await _checks.ScalarAsync<long>(
            "select coalesce(sum(authorized_minor), 0)::bigint from ledger.merchant_settlement_feed where merchant_id = @m", ("m", terminal.MerchantId)));
        var redelivered = await _checks.ScalarAsync<long>("select count(*) from ledger.messaging_inbox where deliveries > 1");
        output.WriteLine($"settlement feed: {count} payments counted once; {redelivered} messages delivered more than once and absorbed");
    }

    /// <summary>The alerts the rules give when every stored event is folded once, in order, against those stored.</summary>
    private async Task AssertFraudAlertsAreExactlyTheRulesOnesAsync()
    {
        await using var services = new ServiceCollection().AddLogging().AddInfrastructure(_database.ConnectionString).BuildServiceProvider();
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var windows = new Dictionary<FraudSubject, FraudWindow>();
        var expected = new List<Guid>();
        foreach (var e in events.Where(e => FraudFacts.SourceTypes.Contains(e.EventType)))
        {
            if (FraudFacts.TerminalOf(e.Data) is not { } terminalId || FraudFacts.From(e) is not { } fact) continue;
            foreach (var subject in fact.WalletId is { } walletId ? [FraudSubject.Terminal(terminalId), FraudSubject.Wallet(walletId)] : new[] { FraudSubject.Terminal(terminalId) })
            {
                var observation = FraudDetector.Observe(windows.GetValueOrDefault(subject) ?? FraudWindow.Empty(subject), fact, FraudPolicy.Default);
                windows[subject] = observation.Window;
                expected.AddRange(observation.Alerts.Select(alert => alert.AlertId));
            }
        }
        var stored = events.Where(e => e.Data is FraudAlertRaised).Select(e => ((FraudAlertRaised)e.Data).AlertId).ToList();
        output.WriteLine($"fraud alerts: {stored.Count} stored, {expected.Count} expected");
        Assert.NotEmpty(expected); // six payments a minute per wallet: the test means to raise some
        Assert.Equal(expected.Order(), stored.Order());
    }

    private static async Task<(HttpStatusCode, string)> SendAsync(ServiceProcess node, TerminalCredential terminal, string key, string body)
    {
        var response = await node.SendSignedAsync(terminal, "/v1/payments", body, key);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The node whose connection holds the daemon's session-level advisory lock (the hot/cold election), by the
    /// application name each node's connections carry; null while nobody holds it.
    /// </summary>
    private async Task<string?> LeaderAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(distinct a.application_name, ',') from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name like 'node-%'", connection);
        var holders = await command.ExecuteScalarAsync() as string;
        return holders is null || holders.Contains(',', StringComparison.Ordinal) ? null : holders;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try { await Broker.DeleteEntitiesAsync(_prefix); }
        catch (Exception) { } // names only; a run without RabbitMQ has none
    }
}
