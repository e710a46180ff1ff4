using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// The link to the database is cut while concurrent payments are in flight, some of them mid-commit. Each
/// request must end either as a payment or as a 503 that left nothing behind (or, if the commit landed and
/// only the answer was lost, the whole payment); the clients' retries with the same keys then make every
/// payment exactly once, and the books reconcile to the cent.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class OutageDuringBurstTests(OutageFixture api)
{
    private const int Wallets = 4, PaymentsPerWallet = 15;

    [Fact]
    public async Task A_cut_in_the_middle_of_a_burst_leaves_no_half_written_payment_and_retries_pay_each_once()
    {
        var terminal = await api.RegisterTerminalAsync();
        var wallets = new List<Guid>();
        for (var i = 0; i < Wallets; i++) wallets.Add(await api.FundedWalletAsync("100.00"));
        // The server's clock stands still, so that no code runs out of its window before its retry.
        api.Clock.FrozenAt = api.Clock.GetUtcNow();
        try
        {
            await BurstAsync(terminal, wallets);
        }
        finally
        {
            api.Clock.FrozenAt = null;
        }
    }

    private async Task BurstAsync(TerminalCredential terminal, IReadOnlyList<Guid> wallets)
    {
        var requests = new List<(string Key, object Body)>();
        foreach (var w in wallets)
            for (var i = 0; i < PaymentsPerWallet; i++)
                requests.Add((OutageFixture.Key(), new { terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = await api.PaymentCodeAsync(w) }));

        // The first half runs as a burst; the cut comes once a quarter of it is answered, while the rest is queued,
        // deciding or mid-commit. The second half is sent while the link is down, so the outage is felt whatever
        // the timing of the first half: those requests must answer 503.
        var early = requests.Take(requests.Count / 2).ToList();
        var late = requests.Skip(early.Count).ToList();
        var answered = 0;
        var burst = early.Select(r => Task.Run(async () =>
        {
            var response = await api.PostSignedAsync(terminal, "/v1/payments", r.Body, r.Key);
            Interlocked.Increment(ref answered);
            return response.StatusCode;
        })).ToList();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Volatile.Read(ref answered) < early.Count / 4 && DateTime.UtcNow < deadline) await Task.Delay(1);
        HttpStatusCode[] statuses;
        using (api.Outage())
        {
            var during = late.Select(async r => (await api.PostSignedAsync(terminal, "/v1/payments", r.Body, r.Key)).StatusCode).ToList();
            statuses = [.. await Task.WhenAll(burst), .. await Task.WhenAll(during)];
        }

        Assert.All(statuses.Skip(early.Count), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
        await AssertNothingHalfWrittenAsync(terminal, wallets);

        var retried = await Task.WhenAll(requests.Where((_, i) => statuses[i] != HttpStatusCode.Created)
            .Select(r => api.PostSignedAsync(terminal, "/v1/payments", r.Body, r.Key)));
        Assert.All(retried, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        Assert.Equal(requests.Count, await api.ScalarAsync<long>(
            "select count(*) from ledger.mt_events where type = 'payment_authorized.v1' and (data->>'walletId')::uuid = any(@w)", ("w", wallets.ToArray())));
        foreach (var walletId in wallets)
        {
            var wallet = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}");
            Assert.Equal($"{100 - PaymentsPerWallet}.00", wallet.GetProperty("balance").GetProperty("amount").GetString());
        }
        await AssertNothingHalfWrittenAsync(terminal, wallets);
    }

    /// <summary>
    /// Every payment stream has its decision, every wallet debit its payment, every key its outcome; each
    /// wallet's snapshot equals top-ups minus debits, and the journal's postings sum to zero.
    /// </summary>
    private async Task AssertNothingHalfWrittenAsync(TerminalCredential terminal, IReadOnlyList<Guid> wallets)
    {
        var ids = wallets.ToArray();
        var debits = await api.ScalarAsync<long>("select count(*) from ledger.mt_events where type = 'wallet_debited.v1' and stream_id = any(@w)", ("w", ids));
        var authorized = await api.ScalarAsync<long>(
            "select count(*) from ledger.mt_events where type = 'payment_authorized.v1' and (data->>'walletId')::uuid = any(@w)", ("w", ids));
        var paymentKeys = await api.ScalarAsync<long>(
            "select count(*) from ledger.mt_doc_idempotencydocument where id like @t", ("t", $"terminal:{terminal.TerminalId}/%"));
        Assert.Equal(debits, authorized);
        Assert.Equal(debits, paymentKeys);
        Assert.Equal(0L, await api.ScalarAsync<long>(
            "select count(*) from ledger.mt_events where type = 'payment_declined.v1' and (data->>'walletId')::uuid = any(@w)", ("w", ids)));

        foreach (var walletId in wallets)
        {
            var topUps = await api.ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings p join ledger.journal_entries e using (entry_id) " +
                "where p.account = @a and e.kind = 'top_up'", ("a", $"wallet:{walletId}"));
            var balance = await api.ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{walletId}"));
            var walletDebits = await api.ScalarAsync<long>(
                "select count(*) from ledger.mt_events where type = 'wallet_debited.v1' and stream_id = @w", ("w", walletId));
            Assert.Equal(topUps - walletDebits * 100, balance);
        }
        Assert.Equal(0L, await api.ScalarAsync<long>("select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings"));
    }
}
