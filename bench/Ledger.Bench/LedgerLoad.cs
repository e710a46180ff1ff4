using System.Diagnostics;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Bench;

/// <summary>
/// N in-process clients authorizing payments through the real use case (idempotency record, wallet
/// fetched for writing, limits, double entry, inline projections) against random wallets, as pgbench
/// updates random accounts.
/// </summary>
internal sealed class LedgerLoad(string connectionString, int wallets, int merchants)
{
    private readonly Currency _eur = Currency.Of("EUR");

    public async Task<(double PerSecond, long Authorized, long Declined, long Failed)> RunAsync(int clients, int seconds)
    {
        await using var services = new ServiceCollection().AddLogging().AddInfrastructure(connectionString).BuildServiceProvider();
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (walletIds, terminalIds) = await SeedAsync(services);
        var payments = services.GetRequiredService<PaymentUseCases>();

        await RunClientsAsync(payments, walletIds, terminalIds, clients, TimeSpan.FromSeconds(Math.Min(3, seconds)), _ => { });
        long authorized = 0, declined = 0, failed = 0;
        var watch = Stopwatch.StartNew();
        await RunClientsAsync(payments, walletIds, terminalIds, clients, TimeSpan.FromSeconds(seconds), status =>
        {
            if (status == PaymentStatus.Authorized) Interlocked.Increment(ref authorized);
            else if (status == PaymentStatus.Declined) Interlocked.Increment(ref declined);
            else Interlocked.Increment(ref failed);
        });
        var elapsed = watch.Elapsed.TotalSeconds;
        return ((authorized + declined) / elapsed, authorized, declined, failed);
    }

    private async Task RunClientsAsync(PaymentUseCases payments, Guid[] wallets, Guid[] terminals, int clients, TimeSpan duration,
        Action<PaymentStatus?> count)
    {
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (DateTime.UtcNow < until)
            {
                var ctx = Context();
                try
                {
                    var result = await payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"),
                        wallets[random.Next(wallets.Length)], terminals[random.Next(terminals.Length)],
                        new Money(random.Next(1, 5_000), _eur), ctx.Now), ctx, default);
                    count(result.Outcome.Status);
                }
                catch (ContentionExhausted)
                {
                    count(null);
                }
            }
        })));
    }

    private async Task<(Guid[] Wallets, Guid[] Terminals)> SeedAsync(IServiceProvider services)
    {
        var walletUseCases = services.GetRequiredService<WalletUseCases>();
        var merchantUseCases = services.GetRequiredService<MerchantUseCases>();
        var limits = new WalletLimits(Money.FromDecimal(1_000, _eur), Money.FromDecimal(10_000_000, _eur), 1_000_000);
        var terminalIds = new List<Guid>();
        for (var m = 0; m < merchants; m++)
        {
            var ctx = Context();
            var merchant = await merchantUseCases.HandleAsync(new OnboardMerchant(ctx.IdFor("m"), $"Merchant {m}", _eur, "DE89370400440532013000", ctx.Now), ctx, default);
            var t = Context();
            terminalIds.Add((await merchantUseCases.HandleAsync(new RegisterTerminal(t.IdFor("t"), merchant.Outcome.Id, "till", null, t.Now), t, default)).Outcome.Id);
        }
        var walletIds = new Guid[wallets];
        await Parallel.ForAsync(0, wallets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
        {
            var ctx = Context();
            var id = ctx.IdFor("w");
            await walletUseCases.HandleAsync(new OpenWallet(id, $"Customer {w}", $"+4915100{w:000000}", _eur, limits, ctx.Now), ctx, ct);
            await walletUseCases.HandleAsync(new EnableFacePay(id, "bench", ctx.Now), Context(), ct);
            await walletUseCases.HandleAsync(new TopUpWallet(id, Guid.NewGuid(), Money.FromDecimal(1_000_000, _eur), "bench", ctx.Now), Context(), ct);
            walletIds[w] = id;
        });
        return (walletIds, terminalIds.ToArray());
    }

    private static CommandContext Context() =>
        new(Actor.System("bench"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), null, "bench", DateTimeOffset.UtcNow);
}
