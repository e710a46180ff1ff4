using System.Text.Json;
using Ledger.Integration.Tests.Audit;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger replay what-if` on a ledger of its own.</summary>
public sealed class WhatIfCommandLineTests
{
    [Fact]
    public async Task A_tighter_policy_reports_the_decisions_it_would_change_and_writes_nothing()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");
        var policy = Path.GetTempFileName();
        await File.WriteAllTextAsync(policy, """{"name": "at most 20 EUR", "limits": {"EUR": {"perPayment": "20.00", "dailyAmount": "100.00", "dailyCount": 5}}}""");

        var (code, stdout, _) = await CommandLine.RunAsync(ledger.Services, "replay", "what-if", "--policy", policy, "--json");

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(4, report.GetProperty("requests").GetInt32());
        // Ada's 25.00 was authorized and would be declined; Alan's 25.00 was declined (funds) and still would be (limit).
        var change = Assert.Single(report.GetProperty("changes").EnumerateArray());
        Assert.Equal(story.PaymentIds[1], change.GetProperty("paymentId").GetGuid());
        Assert.Equal("per_payment_limit_exceeded", change.GetProperty("wouldReason").GetString());
        var eur = Assert.Single(report.GetProperty("totals").EnumerateArray());
        Assert.Equal(2500, eur.GetProperty("newlyDeclinedAmount").GetProperty("minor").GetInt64());
        Assert.Equal(events, await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"));

        var text = await CommandLine.RunAsync(ledger.Services, "replay", "what-if", "--policy", policy);
        Assert.Equal(0, text.Code);
        Assert.Contains("1 would change", text.Out);
        Assert.Matches($@"{story.PaymentIds[1]}\s+25.00 EUR\s+authorized\s+declined \(PerPaymentLimitExceeded\)", text.Out);
        Assert.Contains("EUR: 1 authorized would be declined (25.00 EUR)", text.Out);
    }

    [Theory]
    [InlineData("""{"name": "x", "limits": {}}""")]
    [InlineData("""{"name": "x", "limits": {"XYZ": {"perPayment": "1", "dailyAmount": "1", "dailyCount": 1}}}""")]
    [InlineData("""{"name": "x", "limits": {"EUR": {"perPayment": "1.001", "dailyAmount": "5", "dailyCount": 1}}}""")]
    [InlineData("""{"name": "x", "limits": {"EUR": {"perPayment": "10", "dailyAmount": "5", "dailyCount": 1}}}""")]
    [InlineData("not json")]
    public async Task A_bad_policy_file_exits_with_2_and_says_why(string content)
    {
        var policy = Path.GetTempFileName();
        await File.WriteAllTextAsync(policy, content);
        CommandLine.AssertUsageError(await CommandLine.RunAsync(null, "replay", "what-if", "--policy", policy), "replay what-if", policy);
    }
}
