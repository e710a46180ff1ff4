using System.Net;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Diagnostics;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// kill -9 of the service in the middle of a set-based batch (issue 13): top-ups only append events, so the writers decide
/// them together and send their write with the commit in one round trip. The service, with two writers, dies once such a
/// transaction holds two or more top-ups, either before that round trip is sent or after it committed and before any
/// caller got an answer. Restarted on the same database, the operator retries every top-up with its Idempotency-Key.
/// Then: every top-up the operator was told about is there once and its retry is a replay, every other key is credited
/// exactly once, each wallet's balance and journal are exact, and the books and the audit chain hold.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SetBasedCrashTests(ITestOutputHelper output)
{
    private const int Wallets = 4;
    private const int Alone = 4;
    private const int Burst = 36;

    [Theory]
    [InlineData(CrashPoints.GroupCommitBatchWritten)]
    [InlineData(CrashPoints.GroupCommitBatchCommitted)]
    public async Task A_kill_in_a_set_based_batch_loses_no_acknowledged_top_up_and_credits_none_twice(string point)
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["GroupCommit__Writers"] = "2",
            [CrashPoints.Variable] = point,
        });
        var checks = new LedgerChecks(service.Database, output);
        var wallets = new List<Guid>();
        for (var i = 0; i < Wallets; i++) wallets.Add(await service.FundedWalletAsync($"Top-up Customer {i}", $"+49151000004{i:D2}", "100.00"));

        var sent = Enumerable.Range(0, Alone + Burst).Select(i => new TopUp(wallets[i % Wallets], $"batch-top-up-{i}")).ToList();
        // One at a time first: each a transaction of its own, which the point does not stop, and each acknowledged.
        foreach (var topUp in sent.Take(Alone))
            Assert.Equal(HttpStatusCode.OK, (await topUp.SendAsync(service))?.Status);
        // Then all the others at once: the writers batch them, and the first transaction of two or more kills the process.
        await Task.WhenAll(sent.Skip(Alone).Select(t => t.SendAsync(service)));
        Assert.True(await service.ExitedWithinAsync(TimeSpan.FromMinutes(1)),
            $"every top-up of the burst was answered and the process still runs: no transaction held two\n{service.Output}");
        Assert.Contains($"crash point '{point}'", service.Output, StringComparison.Ordinal);

        var acknowledged = sent.Where(t => t.First is { Status: HttpStatusCode.OK }).ToList();
        Assert.True(acknowledged.Count >= Alone);
        Assert.Contains(sent, t => t.First is null); // the batch the kill cut: its caller got no answer
        output.WriteLine($"{point}: {acknowledged.Count} of {sent.Count} top-ups acknowledged before the kill");

        await service.RestartAsync(new Dictionary<string, string?> { [CrashPoints.Variable] = null });
        foreach (var topUp in sent)
        {
            var retry = await topUp.SendAsync(service) ?? throw new Xunit.Sdk.XunitException($"{topUp.Key}: no answer after the restart");
            Assert.True(retry.Status == HttpStatusCode.OK, $"{topUp.Key}: {retry}");
            // An acknowledged top-up is replayed, not made again.
            if (topUp.First is { Status: HttpStatusCode.OK }) Assert.True(retry.Replayed, $"{topUp.Key}: made again after its acknowledgement");
        }

        // Exactly once: one credit per key, and each wallet's money exact.
        Assert.Equal(Wallets + sent.Count, await checks.EventsAsync("wallet_topped_up.v1"));
        foreach (var wallet in wallets)
        {
            var credits = sent.Count(t => t.Wallet == wallet);
            Assert.Equal(10_000 + 100 * credits, await checks.ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{wallet}")));
            Assert.Equal(credits + 1, await checks.EventsAsync("wallet_topped_up.v1", wallet));
        }
        await checks.BooksHoldAsync(service.Operator, wallets);
        await checks.ChainVerifiesAsync();
    }

    /// <summary>One top-up the operator sent, under its key, and its answers.</summary>
    private sealed class TopUp(Guid wallet, string key)
    {
        public Guid Wallet => wallet;
        public string Key => key;
        public Answer? First { get; private set; }
        private bool _sent;

        /// <summary>Sends it; null when the connection broke (the process died) before an answer.</summary>
        public async Task<Answer?> SendAsync(ServiceProcess service)
        {
            Answer? answer;
            try
            {
                using var response = await service.TopUpAsync(wallet, key);
                var text = await response.Content.ReadAsStringAsync();
                var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
                answer = new Answer(response.StatusCode, replayed, text);
            }
            catch (HttpRequestException)
            {
                answer = null;
            }
            if (!_sent) First = answer;
            _sent = true;
            return answer;
        }
    }

    private sealed record Answer(HttpStatusCode Status, bool Replayed, string Text);
}
