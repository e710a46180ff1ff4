using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Diagnostics;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Ledger.Integration.Tests.GroupCommit.SetBasedLedger;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// What an operator reads on /metrics about group commit: transactions and the commands in them, commands written
/// set-based, and batches that fell back to the Marten way. The meter is the process's, shared with tests running beside
/// this one, so the counts are checked as at least what this test caused.
/// </summary>
public sealed class GroupCommitMetricsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transactions_their_commands_set_based_writes_and_fallbacks_are_counted(bool cache)
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true, cache);
        await using var other = ledger.OtherInstance();
        var wallets = ledger.Get<WalletUseCases>();
        var wallet = await ledger.OpenWalletAsync();
        using var counted = new GroupCommitCounts();

        // Ten top-ups at once, then one decided in a batch whose wallet the other instance tops up before the write.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => TopUpAsync(wallets, wallet, 1))));
        await ledger.DecidedBeforeAsync<Wallet, CommandResult<Wallet>>(wallet, () => TopUpAsync(wallets, wallet, 1),
            () => TopUpAsync(other.GetRequiredService<WalletUseCases>(), wallet, 1));

        Assert.True(counted["ledger.group_commit.set_based"] >= 10, counted.ToString());
        Assert.True(counted["ledger.group_commit.commands"] >= 12, counted.ToString());
        Assert.True(counted["ledger.group_commit.transactions"] >= 2, counted.ToString());
        // Decided on the cached wallet, the last batch is decided again on reads; decided on reads, it runs the Marten way.
        Assert.True(counted[cache ? "ledger.group_commit.stale_batches" : "ledger.group_commit.fallbacks"] >= 1, counted.ToString());
        if (cache) Assert.True(counted["ledger.group_commit.cached_batches"] >= 1, counted.ToString());
        // The set-based batches' read, decision and write, and the fallen-back commands run the Marten way.
        Assert.All(new[] { "open", "read", "decide", "write" }.Concat(cache ? [] : ["marten_way"]),
            stage => Assert.True(counted.Seconds(stage) > 0, counted.ToString()));
        Assert.Equal(["12"], await ledger.RowsAsync(
            $"select count(*) from ledger.mt_events where stream_id = '{wallet}' and type = 'wallet_topped_up.v1'"));
    }

    /// <summary>The group commit counters' sums while it is alive.</summary>
    private sealed class GroupCommitCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _sums = new();
        private readonly ConcurrentDictionary<string, double> _seconds = new();

        public GroupCommitCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LedgerMeter.Name && instrument.Name.StartsWith("ledger.group_commit.", StringComparison.Ordinal))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "stage") _seconds.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long this[string name] => _sums.GetValueOrDefault(name);

        /// <summary>Seconds the writers spent in a stage (<c>ledger.group_commit.stage_duration</c>, tag <c>stage</c>).</summary>
        public double Seconds(string stage) => _seconds.GetValueOrDefault(stage);

        public override string ToString() => string.Join(", ", _sums.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")
            .Concat(_seconds.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:F4} s")));

        public void Dispose() => _listener.Dispose();
    }
}
