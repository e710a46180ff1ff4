using System.Text.Json;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Cli;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Audit;

public sealed class ReplayTests
{
    [Fact]
    public async Task A_wallet_as_of_each_version_and_time_is_what_the_ledger_held_then()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var walletId = story.WalletIds[0];
        var store = ledger.Services.GetRequiredService<IDocumentStore>();
        var replay = new PointInTime(store);
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(walletId);

        for (var version = 1; version <= events.Count; version++)
        {
            var replayed = await replay.ReplayAsync("wallet", walletId, new AsOf(null, version), default);
            Assert.Equal(WalletEvolution.Fold(events.Take(version).Select(e => e.Data)), replayed.State);
            Assert.Equal(version, replayed.Version);
        }
        var atTopUp = events.Single(e => e.Data is WalletToppedUp);
        var asOfTime = await replay.ReplayAsync("wallet", walletId, new AsOf(atTopUp.Timestamp, null), default);
        Assert.Equal(LedgerFixture.Eur(120), ((Wallet)asOfTime.State!).Balance);
        Assert.Equal(0, asOfTime.UsedToday!.AmountMinor);
        var live = await session.LoadAsync<Wallet>(walletId);
        Assert.Equal(live, (await replay.ReplayAsync("wallet", walletId, AsOf.Now, default)).State);
    }

    [Fact]
    public async Task Replay_on_the_command_line_prints_balance_limits_used_today_and_status()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        // Version 5: opened, consent, top-up 120, two payments 12.90 and 25.
        var code = await ReplayCommandLine.RunAsync(["wallet", story.WalletIds[0].ToString(), "--version", "5"], stdout, stderr, ledger.Services);

        Assert.Equal(0, code);
        var text = stdout.ToString();
        Assert.Contains("balance       82.10 EUR", text);
        Assert.Contains("used today    37.90 EUR in 2 payments", text);
        Assert.Contains("Active", text);
        Assert.Contains("200.00 EUR per payment", text);
    }

    [Theory]
    [InlineData]
    [InlineData("wallet")]
    [InlineData("account", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10")]
    [InlineData("wallet", "not-a-uuid")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--version", "0")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--as-of", "noon")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--as-of", "2026-01-01T00:00:00Z", "--version", "3")]
    public async Task Bad_replay_arguments_exit_with_2(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, await ReplayCommandLine.RunAsync(args, stdout, stderr));
        Assert.Contains("usage:", stderr.ToString());
    }

    [Fact]
    public async Task Explain_gives_the_recorded_decision_as_json_and_as_text()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var declined = story.PaymentIds[3]; // Alan: 30 EUR, 12.90 paid, then 25 asked

        var json = await CommandLineTests.RunAsync(ledger, "explain", declined.ToString(), "--json");
        var text = await CommandLineTests.RunAsync(ledger, "explain", declined.ToString());

        Assert.Equal(0, json.Code);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("declined", root.GetProperty("outcome").GetString());
        Assert.Equal("insufficient_funds", root.GetProperty("reason").GetString());
        Assert.Equal(1710, root.GetProperty("inputs").GetProperty("balance").GetProperty("minor").GetInt64());
        Assert.Equal("limits-v1", root.GetProperty("inputs").GetProperty("limitPolicy").GetString());
        Assert.Equal(0, text.Code);
        Assert.Contains("DECLINED (insufficient_funds)", text.Out);
        Assert.Contains("FAIL  balance            17.10 EUR available for 25.00 EUR", text.Out);
        Assert.Contains("pass  per-payment limit", text.Out);
        Assert.Contains("operator:tests", text.Out);
        var unknown = await CommandLineTests.RunAsync(ledger, "explain", Guid.NewGuid().ToString());
        Assert.Equal(1, unknown.Code);
    }
}
