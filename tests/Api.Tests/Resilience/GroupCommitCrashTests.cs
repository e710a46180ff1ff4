using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Infrastructure.Diagnostics;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// kill -9 of the service in the middle of a group commit (issue 13): the service, with two writers, dies once a
/// transaction holds two or more payments, either before its commit or after it and before any of their callers got
/// an answer. Restarted on the same database, the tills retry every payment they sent with the same Idempotency-Key.
/// Then: every payment a till was told about is there once and its retry gets the same decision, every other payment
/// is decided exactly once, nothing is debited twice, and the books and the audit chain hold.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GroupCommitCrashTests(ITestOutputHelper output)
{
    private const int Wallets = 4;
    private const int Alone = 4;
    private const int Burst = 36;

    [Theory]
    [InlineData(CrashPoints.GroupCommitBatchWritten)]
    [InlineData(CrashPoints.GroupCommitBatchCommitted)]
    public async Task A_kill_in_a_batch_loses_no_acknowledged_payment_and_makes_none_twice(string point)
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["GroupCommit__Writers"] = "2",
            [CrashPoints.Variable] = point,
            // A code that aged out while the service was down is declined on the retry: that must not suspend the till
            // or freeze a wallet before the other retries are made.
            ["Terminals__FailedAttempts__Max"] = "1000000",
            ["Ledger__Fraud__RespondAutomatically"] = "false",
        });
        var checks = new LedgerChecks(service.Database, output);
        var terminal = await service.RegisterTerminalAsync();
        var wallets = new List<Guid>();
        for (var i = 0; i < Wallets; i++) wallets.Add(await service.FundedWalletAsync($"Batch Customer {i}", $"+49151000003{i:D2}", "100.00"));
        // A code is used once per 30-second step: one credential per payment, as a phone per shopper would be.
        var devices = new List<(Guid Wallet, CustomerDevice Device)>();
        for (var i = 0; i < Alone + Burst; i++) devices.Add((wallets[i % Wallets], await CustomerDevice.IssueAsync(service.Operator, wallets[i % Wallets])));

        var sent = new List<Sent>();
        // One at a time first: each a transaction of its own, which the point does not stop, and each acknowledged.
        for (var i = 0; i < Alone; i++)
        {
            var payment = Sent.Of(terminal, devices[i], i);
            sent.Add(payment);
            var answer = await payment.SendAsync(service, terminal);
            Assert.True(answer is { Status: HttpStatusCode.Created, Decision: "authorized" }, $"payment {i} alone: {answer}");
        }
        // Then all the others at once: the writers group them, and the first transaction of two or more kills the process.
        var burst = Enumerable.Range(Alone, Burst).Select(i => Sent.Of(terminal, devices[i], i)).ToList();
        sent.AddRange(burst);
        await Task.WhenAll(burst.Select(p => p.SendAsync(service, terminal)));
        Assert.True(await service.ExitedWithinAsync(TimeSpan.FromMinutes(1)),
            $"every payment of the burst was answered and the process still runs: no transaction held two\n{service.Output}");
        Assert.Contains($"crash point '{point}'", service.Output, StringComparison.Ordinal);

        var acknowledged = sent.Where(p => p.First is { Status: HttpStatusCode.Created }).ToList();
        Assert.True(acknowledged.Count >= Alone);
        Assert.Contains(sent, p => p.First is null); // the batch the kill cut: its tills got no answer
        output.WriteLine($"{point}: {acknowledged.Count} of {sent.Count} payments acknowledged before the kill");
        // What a till was told is in the database, once, whatever else the kill cut.
        foreach (var answer in acknowledged.Select(p => p.First!))
            Assert.Equal(answer.Decision == "authorized" ? 1 : 0, await checks.EventsAsync("payment_authorized.v1", answer.PaymentId));

        await service.RestartAsync(new Dictionary<string, string?> { [CrashPoints.Variable] = null });
        foreach (var payment in sent)
        {
            var retry = await payment.SendAsync(service, terminal) ?? throw new Xunit.Sdk.XunitException($"payment {payment.Index}: no answer after the restart");
            Assert.True(retry.Status == HttpStatusCode.Created, $"payment {payment.Index}: {retry}");
            if (payment.First is { Status: HttpStatusCode.Created } first)
            {
                // The acknowledged payment is replayed, not made again.
                Assert.True(retry.Replayed, $"payment {payment.Index}: the retry of an acknowledged payment was made again");
                Assert.Equal((first.PaymentId, first.Decision), (retry.PaymentId, retry.Decision));
            }
            else
            {
                // Committed before the kill (replayed) or not (decided now); a code that aged out meanwhile is declined, and
                // the till hears only that the code was not accepted. The credential's stream says why: its step had passed
                // (just outside the window, or so long ago that it is not looked at and reads as a wrong code), not that it
                // was used, which would mean the cut batch's payment had been made after all.
                if (retry.Decision == "authorized") continue;
                Assert.True(retry.Reason == TerminalReason.PaymentCodeInvalid, $"payment {payment.Index}: {retry}");
                var why = await checks.ScalarAsync<string>(
                    "select coalesce(string_agg(data ->> 'reason', ','), 'none') from ledger.mt_events where type = 'payment_code_rejected.v1' " +
                    "and data ->> 'paymentId' = @p", ("p", retry.PaymentId!.Value.ToString()));
                Assert.True(why is nameof(PaymentCodeRejection.OutsideWindow) or nameof(PaymentCodeRejection.WrongCode),
                    $"payment {payment.Index}: the code was refused as {why}");
            }
        }

        // Exactly once: one decision per Idempotency-Key, as many debits as authorized answers, each wallet's money exact.
        var answers = sent.Select(p => p.Last!).ToList();
        Assert.Equal(sent.Count, answers.Select(a => a.PaymentId).Distinct().Count());
        var authorized = answers.Count(a => a.Decision == "authorized");
        Assert.Equal(authorized, await checks.EventsAsync("payment_authorized.v1"));
        Assert.Equal(authorized, await checks.EventsAsync("wallet_debited.v1"));
        foreach (var wallet in wallets)
        {
            var paid = sent.Count(p => p.Wallet == wallet && p.Last!.Decision == "authorized");
            Assert.Equal(10_000 - 100 * paid, await checks.ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{wallet}")));
        }
        await checks.BooksHoldAsync(service.Operator, wallets);
        await checks.ChainVerifiesAsync();
    }

    /// <summary>One payment a till sent: its key and body (the code computed once, so a retry is the same request), and its answers.</summary>
    private sealed class Sent(int index, Guid wallet, string key, string body)
    {
        public int Index => index;
        public Guid Wallet => wallet;
        public Answer? First { get; private set; }
        public Answer? Last { get; private set; }
        private bool _sent;

        public static Sent Of(TerminalCredential terminal, (Guid Wallet, CustomerDevice Device) shopper, int index) =>
            new(index, shopper.Wallet, $"batch-pay-{index}", JsonSerializer.Serialize(new
            {
                terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = shopper.Device.CodeAt(DateTimeOffset.UtcNow),
            }));

        /// <summary>Sends it; null when the connection broke (the process died) before an answer.</summary>
        public async Task<Answer?> SendAsync(ServiceProcess service, TerminalCredential terminal)
        {
            Answer? answer;
            try
            {
                using var response = await service.SendSignedAsync(terminal, "/v1/payments", body, key);
                var text = await response.Content.ReadAsStringAsync();
                answer = Answer.Of(response, text);
            }
            catch (HttpRequestException)
            {
                answer = null;
            }
            if (!_sent) First = answer;
            (_sent, Last) = (true, answer);
            return answer;
        }
    }

    private sealed record Answer(HttpStatusCode Status, Guid? PaymentId, string? Decision, string? Reason, bool Replayed, string Text)
    {
        public static Answer Of(HttpResponseMessage response, string text)
        {
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
            if (response.StatusCode != HttpStatusCode.Created) return new Answer(response.StatusCode, null, null, null, replayed, text);
            var body = JsonDocument.Parse(text).RootElement;
            return new Answer(response.StatusCode, body.GetProperty("paymentId").GetGuid(), body.GetProperty("status").GetString(),
                body.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null, replayed, text);
        }
    }
}
