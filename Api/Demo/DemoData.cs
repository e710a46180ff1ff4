using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Api.Demo;

/// <summary>
/// A small demo data set for `scripts/run.sh`: one merchant with a terminal and two customers. Fixed
/// idempotency keys make seeding a no-op on every later start.
/// </summary>
public sealed class DemoData(WalletUseCases wallets, MerchantUseCases merchants, TimeProvider time, ILogger<DemoData> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var eur = Currency.Of("EUR");
        CommandContext Ctx(string key) => new(Actor.System("demo-seed"), "demo/" + key, "demo-seed", null, "demo-seed", time.GetUtcNow());

        var m = Ctx("merchant");
        var merchant = (await merchants.HandleAsync(new OnboardMerchant(m.IdFor("merchant"), "Demo Burger, Alexanderplatz", eur, "DE89370400440532013000", m.Now), m, ct)).Outcome;
        var t = Ctx("terminal");
        var terminal = (await merchants.HandleAsync(new RegisterTerminal(t.IdFor("terminal"), merchant.Id, "self-service till 1", new GeoPoint(52.5219, 13.4132), t.Now), t, ct)).Outcome;

        foreach (var (name, phone, topUp) in new[] { ("Ada Lovelace", "+4915112345678", 150m), ("Alan Turing", "+447700900123", 40m) })
        {
            var w = Ctx("wallet/" + phone);
            var wallet = (await wallets.HandleAsync(new OpenWallet(w.IdFor("wallet"), name, phone, eur, null, w.Now), w, ct)).Outcome;
            await wallets.HandleAsync(new EnableFacePay(wallet.Id, "consent-2026-01", w.Now), Ctx("consent/" + phone), ct);
            var f = Ctx("top-up/" + phone);
            await wallets.HandleAsync(new TopUpWallet(wallet.Id, f.IdFor("top-up"), Money.FromDecimal(topUp, eur), "demo-funding", f.Now), f, ct);
            logger.LogInformation("Demo wallet {Name}: {WalletId}", name, wallet.Id);
        }
        logger.LogInformation("Demo merchant {MerchantId}, terminal {TerminalId}", merchant.Id, terminal.Id);
    }
}
