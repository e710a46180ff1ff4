using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Domain.Payments;
using Ledger.Integration.Tests.Support;
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
    public async Task Every_page_the_fraud_daemon_reads_asks_only_for_the_event_types_its_shard_handles()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (_, terminal) = await fraud.Ledger.MerchantWithTerminalAsync();
        var wallet = await fraud.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));
        for (var n = 0; n < 3; n++)
        {
            var ctx = LedgerFixture.Context();
            await fraud.Ledger.Payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, LedgerFixture.Eur(1), ctx.Now), ctx, default);
        }

        var pages = await DaemonPageStatementsAsync(fraud);

        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.Contains("d.type = ANY(", page));
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
            // Every shard has read the payments' events by then, so every shard's statement was sent.
            await DaemonQuiescence.WaitAsync(fraud.Ledger.Store, fraud.Ledger.ConnectionString);
            await daemon.StopAsync();
        }
        return seen.Keys.ToList();
    }
}
