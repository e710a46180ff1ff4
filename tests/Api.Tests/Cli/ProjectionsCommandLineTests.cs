using Ledger.Integration.Tests.Audit;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger projections rebuild` on a ledger of its own.</summary>
public sealed class ProjectionsCommandLineTests
{
    [Fact]
    public async Task Rebuilt_views_match_the_live_ones_and_rates_are_printed()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var (code, text, stderr) = await CommandLine.RunAsync(ledger.Services, "projections", "rebuild");

        Assert.True(code == 0, text + "\n" + stderr);
        foreach (var view in new[] { "journal_entries", "journal_postings", "account_balances", "mt_doc_wallet", "mt_doc_merchant", "mt_doc_terminal", "mt_doc_payment" })
            Assert.Matches($@"{view}\s+\d+\s+\d+\s+matches live", text);
        Assert.Contains("(plain read)", text);
    }

    [Fact]
    public async Task A_live_view_that_drifted_from_the_events_is_reported_with_exit_code_1()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.ExecuteAsync("update ledger.account_balances set balance_minor = balance_minor + 1 where ctid = " +
            $"(select ctid from ledger.account_balances where account = 'merchant:{story.MerchantId}' limit 1)");
        await ledger.ExecuteAsync($"update ledger.mt_doc_wallet set data = jsonb_set(data, '{{status}}', '\"Frozen\"') where id = '{story.WalletIds[1]}'");
        var (code, stdout, stderr) = await CommandLine.RunAsync(ledger.Services, "projections", "rebuild");

        Assert.Equal(1, code);
        Assert.Matches(@"account_balances\s+\d+\s+\d+\s+DIFFERS: 1 live rows not rebuilt, 1 rebuilt rows not live", stdout);
        Assert.Matches(@"mt_doc_wallet\s+\d+\s+\d+\s+DIFFERS: 1 live rows", stdout);
        Assert.Contains($"merchant:{story.MerchantId}", stderr);
        Assert.Matches(@"journal_postings\s+\d+\s+\d+\s+matches live", stdout);
    }

    [Theory]
    [InlineData]
    [InlineData("rebuild", "now")]
    [InlineData("drop")]
    public async Task Bad_arguments_exit_with_2(params string[] args) =>
        CommandLine.AssertUsageError(await CommandLine.RunAsync(null, ["projections", .. args]), "projections");
}
