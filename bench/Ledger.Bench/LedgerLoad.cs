using System.Diagnostics;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Infrastructure.Fraud;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Bench;

/// <summary>
/// N in-process clients authorizing payments through the real use case (idempotency record, wallet
/// fetched for writing, limits, double entry, inline projections) against random wallets, as pgbench
/// updates random accounts. Seeded once; then timed rounds, each payment's latency measured by its client.
/// </summary>
internal sealed class LedgerLoad : IAsyncDisposable
{
    private readonly Currency _eur = Currency.Of("EUR");
    private readonly ServiceProvider _services;
    private Guid[] _wallets = [];
    private Guid[] _terminals = [];
    private int _round;
    // The API's work after a payment (LEDGER_BENCH_DAEMON=1), run by the first load and waited for by every side.
    private BackgroundWork? _background;

    private readonly string _connectionString;

    /// <summary>
    /// "ledger", or "ledger+gcN" with group commit by N writers ("ledger+gcN/marten" writing each command the Marten way,
    /// "ledger+gcN/nocache" reading every batch's snapshots instead of taking the ones its writers committed last).
    /// </summary>
    public string Side { get; }

    private LedgerLoad(string connectionString, int groupCommitWriters, bool setBased = true, bool cache = true)
    {
        _connectionString = connectionString;
        var services = new ServiceCollection().AddLogging().AddInfrastructure(connectionString);
        if (BackgroundWork.Requested) services.AddFraud(new FraudOptions(RespondAutomatically: false));
        services.Configure<GroupCommitOptions>(o =>
        {
            (o.Writers, o.SetBased) = (groupCommitWriters, setBased);
            if (!cache) o.SnapshotCacheCapacity = 0;
        });
        _services = services.BuildServiceProvider();
        Side = groupCommitWriters == 0 ? "ledger" : $"ledger+gc{groupCommitWriters}" + (setBased ? "" : "/marten") + (cache ? "" : "/nocache");
    }

    public static async Task<LedgerLoad> StartAsync(string connectionString, int wallets, int merchants)
    {
        var load = new LedgerLoad(connectionString, groupCommitWriters: 0);
        await load._services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        (load._wallets, load._terminals) = await load.SeedAsync(load._services, wallets, merchants);
        if (BackgroundWork.Requested) load._background = await BackgroundWork.StartAsync(load._services, connectionString);
        return load;
    }

    /// <summary>
    /// The same ledger and terminals, written with group commit by <paramref name="writers"/> writers (set-based, or each
    /// command through Marten's unit of work), on as many wallets of its own: another side's payments never move them, so
    /// they never leave this side's cached snapshots behind.
    /// </summary>
    public async Task<LedgerLoad> WithGroupCommitAsync(int writers, bool setBased = true, bool cache = true)
    {
        var load = new LedgerLoad(_connectionString, writers, setBased, cache) { _terminals = _terminals, _background = _background };
        // Through the side's own writers, many at once: a large population of wallets (LEDGER_BENCH_DAEMON with wallets that
        // pay at a customer's pace) is set up in minutes instead of tens of minutes.
        load._wallets = await SeedWalletsAsync(load._services, _wallets.Length, inFlight: 64);
        if (_background is not null) await _background.CatchUpAsync();
        return load;
    }

    /// <summary>
    /// Payments decided (authorized or declined: a decline is the ledger's answer, not a failure) per second; a payment that
    /// throws is a failure, counted and reported with the first error, never in the rate.
    /// </summary>
    public async Task<RoundResult> RunAsync(int clients, TimeSpan duration)
    {
        var payments = _services.GetRequiredService<PaymentUseCases>();
        var round = Interlocked.Increment(ref _round);
        var latencies = new List<double>[clients];
        long done = 0, failed = 0;
        string? firstError = null;
        var grouped = _services.GetRequiredService<ILedgerStore>() as GroupCommitStore;
        var (stagesBefore, committedBefore, cacheBefore) = (grouped?.Stages, grouped?.Totals.Commands ?? 0, grouped?.SnapshotCache ?? default);
        var until = DateTime.UtcNow + duration;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(round * 10_000 + c);
            var mine = latencies[c] = [];
            while (DateTime.UtcNow < until)
            {
                var ctx = Context();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"),
                        _wallets[random.Next(_wallets.Length)], _terminals[random.Next(_terminals.Length)],
                        new Money(random.Next(1, 5_000), _eur), ctx.Now), ctx, default);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref done);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }
            }
        })));
        var elapsed = watch.Elapsed.TotalSeconds;
        var stages = grouped is null ? null : Report.Stages(stagesBefore!, grouped.Stages, committedBefore, grouped.Totals.Commands) +
            $"; batches on cached snapshots {grouped.SnapshotCache.Cached - cacheBefore.Cached}, decided again {grouped.SnapshotCache.Stale - cacheBefore.Stale}";
        if (_background is not null)
        {
            var (behind, took) = await _background.CatchUpAsync();
            stages = (stages is null ? "" : stages + "; ") + $"background work {behind} events behind at the end, caught up {took.TotalSeconds:F1} s later (untimed)";
        }
        return new RoundResult(Side, clients, done / elapsed, done, failed, latencies.SelectMany(l => l).ToList(), null, null, firstError, stages);
    }

    public async ValueTask DisposeAsync()
    {
        if (_background?.StartedBy == _services) await _background.StopAsync();
        await _services.DisposeAsync();
    }

    private async Task<(Guid[] Wallets, Guid[] Terminals)> SeedAsync(IServiceProvider services, int wallets, int merchants)
    {
        var merchantUseCases = services.GetRequiredService<MerchantUseCases>();
        var terminalIds = new List<Guid>();
        for (var m = 0; m < merchants; m++)
        {
            var ctx = Context();
            var merchant = await merchantUseCases.HandleAsync(new OnboardMerchant(ctx.IdFor("m"), $"Merchant {m}", _eur, "DE89370400440532013000", ctx.Now), ctx, default);
            var t = Context();
            terminalIds.Add((await merchantUseCases.HandleAsync(new RegisterTerminal(t.IdFor("t"), merchant.Outcome.Id, "till", null, t.Now), t, default)).Outcome.Id);
        }
        // The wallets through group commit, many at once (as a side's own are), then this load writes to them its own way.
        await using var seeder = new LedgerLoad(_connectionString, groupCommitWriters: 1);
        return (await SeedWalletsAsync(seeder._services, wallets, inFlight: 64), terminalIds.ToArray());
    }

    private async Task<Guid[]> SeedWalletsAsync(IServiceProvider services, int wallets, int inFlight)
    {
        var walletUseCases = services.GetRequiredService<WalletUseCases>();
        var limits = new WalletLimits(Money.FromDecimal(1_000, _eur), Money.FromDecimal(10_000_000, _eur), 1_000_000);
        var walletIds = new Guid[wallets];
        await Parallel.ForAsync(0, wallets, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (w, ct) =>
        {
            var ctx = Context();
            var id = ctx.IdFor("w");
            await walletUseCases.HandleAsync(new OpenWallet(id, $"Customer {w}", $"+4915100{w:000000}", _eur, limits, ctx.Now), ctx, ct);
            await walletUseCases.HandleAsync(new EnableFacePay(id, "bench", ctx.Now), Context(), ct);
            await walletUseCases.HandleAsync(new TopUpWallet(id, Guid.NewGuid(), Money.FromDecimal(1_000_000, _eur), "bench", ctx.Now), Context(), ct);
            walletIds[w] = id;
        });
        return walletIds;
    }

    private static CommandContext Context() =>
        new(Actor.System("bench"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), null, "bench", DateTimeOffset.UtcNow);
}
