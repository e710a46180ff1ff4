using System.Text.Json;
using Ledger.Integration.Tests.Audit;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger replay KIND ID` and `ledger audit explain` on a ledger of its own.</summary>
public sealed class ReplayCommandLineTests
{
    [Fact]
    public async Task Replay_on_the_command_line_prints_balance_limits_used_today_and_status()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();

        // Version 5: opened, consent, top-up 120, two payments 12.90 and 25.
        var (code, text, _) = await CommandLine.RunAsync(ledger.Services, "replay", "wallet", story.WalletIds[0].ToString(), "--version", "5");

        Assert.Equal(0, code);
        Assert.Contains("balance       82.10 EUR", text);
        Assert.Contains("used today    37.90 EUR in 2 payments", text);
        Assert.Contains("Active", text);
        Assert.Contains("200.00 EUR per payment", text);
    }

    [Theory]
    [InlineData]
    [InlineData("wallet")]
    [InlineData("account", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10")]
    [InlineData("what-if")]
    [InlineData("wallet", "not-a-uuid")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--version", "0")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--as-of", "noon")]
    [InlineData("wallet", "0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10", "--as-of", "2026-01-01T00:00:00Z", "--version", "3")]
    public async Task Bad_replay_arguments_exit_with_2(params string[] args) =>
        CommandLine.AssertUsageError(await CommandLine.RunAsync(null, ["replay", .. args]), "replay");

    [Fact]
    public async Task Explain_gives_the_recorded_decision_as_json_and_as_text()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var declined = story.PaymentIds[3]; // Alan: 30 EUR, 12.90 paid, then 25 asked

        var json = await AuditCommandLineTests.RunAsync(ledger, "explain", declined.ToString(), "--json");
        var text = await AuditCommandLineTests.RunAsync(ledger, "explain", declined.ToString());

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
        var unknown = await AuditCommandLineTests.RunAsync(ledger, "explain", Guid.NewGuid().ToString());
        Assert.Equal(1, unknown.Code);
    }
}
