using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Domain.Payments;
using Ledger.Infrastructure.Fraud;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Fraud;

/// <summary>
/// The async daemon reads the ledger a page of events at a time, once for each projection and subscription. A shard that
/// does not say which events it handles is sent every event of the ledger, each read, sent and deserialized for nothing.
/// </summary>
public sealed class DaemonPageTests
{
    private const string PageJoin = "inner join ledger.mt_streams as s on d.stream_id = s.id";

    [Fact]
    public async Task Every_page_the_fraud_daemon_reads_names_its_event_types_and_the_views_still_fold_every_kind_of_fact()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchant, terminal) = await fraud.Ledger.MerchantWithTerminalAsync();
        var wallet = await fraud.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));
        foreach (var amount in new[] { 1m, 1m, 1m, 500m })
        {
            var ctx = LedgerFixture.Context();
            await fraud.Ledger.Payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, LedgerFixture.Eur(amount), ctx.Now), ctx, default);
        }
        // Five failed faces in a minute at one till: the rules raise a high alert about the terminal.
        var start = DateTimeOffset.UtcNow;
        for (var n = 0; n < 5; n++)
            await fraud.FailedFaceAsync(merchant, terminal, start.AddSeconds(n));

        var pages = await DaemonPageStatementsAsync(fraud);

        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.Contains("d.type = ANY(", page));
        var till = (await fraud.LoadAsync<TerminalFraudView>(terminal))!.Activity;
        Assert.Equal((3, 1, 5, 1, 1), (till.Authorized, till.Declined, till.FaceFailures, till.Alerts, till.HighAlerts));
        var customer = (await fraud.LoadAsync<WalletFraudView>(wallet))!.Activity;
        Assert.Equal((3, 1), (customer.Authorized, customer.Declined));
    }

    /// <summary>Each statement the daemon sent for a page of events on this ledger's database, as Npgsql traced it.</summary>
    private static async Task<IReadOnlyCollection<string>> DaemonPageStatementsAsync(FraudLedger fraud)
    {
        var database = new NpgsqlConnectionStringBuilder(fraud.Ledger.ConnectionString).Database;
        var seen = new ConcurrentDictionary<string, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var onThisLedger = Equals(activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name"), database);
                if (onThisLedger && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql
                    && sql.Contains(PageJoin, StringComparison.Ordinal))
                    seen.TryAdd(sql, true);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (var daemon = await fraud.StartDaemonAsync())
        {
            // Every shard has read the ledger's events by then (the alert's too), so every shard's statement was sent.
            // The daemon host's store is the one that knows the rule runner: the fixture's own store has no such shard,
            // and waiting on it would not wait for the alert the runner raises.
            await DaemonQuiescence.WaitAsync(daemon.Services.GetRequiredService<IDocumentStore>(), fraud.Ledger.ConnectionString);
            await daemon.StopAsync();
        }
        return seen.Keys.ToList();
    }
}
