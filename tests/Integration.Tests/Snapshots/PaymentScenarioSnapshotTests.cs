using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Snapshooter.Xunit;

namespace Ledger.Integration.Tests.Snapshots;

/// <summary>
/// The stored form of a representative payment story. Any change to an event's name or JSON shows up
/// here as a snapshot diff in review: stored events are an audit record and need an upcaster to change.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class PaymentScenarioSnapshotTests(LedgerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly Currency Eur = Currency.Of("EUR");

    private static CommandContext At(string key, int minute) =>
        new(Actor.Operator("snapshot"), "snapshot-" + key, "corr-" + key, null, "req-" + key, T0.AddMinutes(minute));

    [Fact]
    public async Task A_top_up_an_authorized_payment_a_declined_payment_and_a_partial_refund_store_these_events()
    {
        var m = At("merchant", 0);
        var merchant = await fixture.Merchants.HandleAsync(new OnboardMerchant(m.IdFor("merchant"), "Bakery", Eur, "FR7630006000011234567890189", m.Now), m, default);
        var t = At("terminal", 1);
        var terminal = await fixture.Merchants.HandleAsync(new RegisterTerminal(t.IdFor("terminal"), merchant.Outcome.Id, "till 2", new GeoPoint(48.85, 2.35), t.Now), t, default);
        var w = At("wallet", 2);
        var walletId = w.IdFor("wallet");
        var limits = new WalletLimits(Money.FromDecimal(50, Eur), Money.FromDecimal(80, Eur), 5);
        await fixture.Wallets.HandleAsync(new OpenWallet(walletId, "Grace Hopper", "+33 6 12 34 56 78", Eur, limits, w.Now), w, default);
        var c = At("consent", 3);
        await fixture.Wallets.HandleAsync(new EnableFacePay(walletId, "consent-2026-01", c.Now), c, default);
        var f = At("top-up", 4);
        await fixture.Wallets.HandleAsync(new TopUpWallet(walletId, f.IdFor("top-up"), Money.FromDecimal(100, Eur), "acq-123", f.Now), f, default);
        var p1 = At("pay-1", 5);
        var paid = await fixture.Payments.AuthorizeAsync(new AuthorizePayment(p1.IdFor("payment"), walletId, terminal.Outcome.Id, Money.FromDecimal(42.10m, Eur), p1.Now), p1, default);
        var p2 = At("pay-2", 6);
        var declined = await fixture.Payments.AuthorizeAsync(new AuthorizePayment(p2.IdFor("payment"), walletId, terminal.Outcome.Id, Money.FromDecimal(50.01m, Eur), p2.Now), p2, default);
        var r = At("refund", 7);
        await fixture.Payments.RefundAsync(new RefundPayment(paid.Outcome.Id, r.IdFor("refund"), Money.FromDecimal(2.10m, Eur), "stale croissant", r.Now), r, default);

        var streams = new[] { merchant.Outcome.Id, terminal.Outcome.Id, walletId, paid.Outcome.Id, declined.Outcome.Id };
        await using var cmd = fixture.DataSource.CreateCommand(
            "select stream_id, version, type, data::text, correlation_id, headers::text from ledger.mt_events where stream_id = any($1) order by seq_id");
        cmd.Parameters.AddWithValue(streams);
        var stored = new List<object>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                stored.Add(new
                {
                    stream = Array.IndexOf(streams, reader.GetGuid(0)) switch { 0 => "merchant", 1 => "terminal", 2 => "wallet", 3 => "payment-1", _ => "payment-2" },
                    version = reader.GetInt64(1),
                    type = reader.GetString(2),
                    data = Newtonsoft.Json.Linq.JToken.Parse(reader.GetString(3)),
                    correlation = reader.GetString(4),
                    headers = Newtonsoft.Json.Linq.JToken.Parse(reader.GetString(5)),
                });

        Snapshot.Match(stored);
    }
}
