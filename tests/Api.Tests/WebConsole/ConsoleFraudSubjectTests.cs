using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The fraud subject view: a wallet under alert, its alerts, its latest decisions, and the act with its reason.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleFraudSubjectTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_operator_reviews_a_wallet_under_alert_and_unfreezes_it_with_a_reason()
    {
        // Five payments in a minute: the customer_payments_per_minute rule (docs/FRAUD.md) raises an alert.
        var wallet = await console.FundedWalletAsync("50.00");
        for (var i = 0; i < 5; i++) Assert.Equal("authorized", (await console.PayAsync(wallet, "1.00")).Status);
        await console.FreezeAsync(wallet);

        var page = await console.SignedInAsync(console.OperatorToken);
        // The alert comes from the asynchronous fraud views: the queue shows it once the daemon has caught up.
        var subjectLink = page.Locator($"table.alerts a[href*='{wallet}']").First;
        for (var tries = 0; tries < 60 && await subjectLink.CountAsync() == 0; tries++)
        {
            await Task.Delay(500);
            await page.GotoAsync("/console/fraud");
        }
        await subjectLink.ClickAsync();

        Assert.Contains($"subject=wallet:{wallet}", page.Url);
        Assert.Contains("frozen", await page.TextContentAsync("p.subject-status"));
        Assert.Contains("customer_payments_per_minute", await page.TextContentAsync("table.alerts"));
        Assert.Equal(5, await page.Locator("table.decisions tbody tr").CountAsync());
        Assert.All(await page.Locator("table.decisions tbody tr td:nth-child(4)").AllTextContentsAsync(), d => Assert.Equal("authorized", d));
        await ConsoleFixture.ScreenshotAsync(page, "fraud-subject");

        await page.FillAsync("#subject-act input[name=reason]", "five coffees for the team, confirmed by phone");
        await page.ClickAsync("#subject-act button");
        Assert.Contains($"Wallet {wallet} unfrozen", await page.TextContentAsync(".notice"));
        Assert.Equal("active", await console.WalletStatusAsync(wallet));
        Assert.Equal("five coffees for the team, confirmed by phone", await console.ScalarAsync<string>(
            "select headers->>'reason' from ledger.mt_events where stream_id = $1 and type = 'wallet_unfrozen.v1'", wallet));
    }

    [Fact]
    public async Task A_bad_or_unknown_subject_is_said_on_the_page_and_an_auditor_is_refused()
    {
        var page = await console.SignedInAsync(console.OperatorToken);
        var bad = await page.GotoAsync("/console/fraud/subject?subject=customer:42");
        Assert.Equal(400, bad!.Status);
        Assert.Contains("wallet:ID or terminal:ID", await page.TextContentAsync(".error"));
        var unknown = await page.GotoAsync($"/console/fraud/subject?subject=terminal:{Guid.NewGuid()}");
        Assert.Equal(404, unknown!.Status);
        Assert.Contains("There is no terminal", await page.TextContentAsync(".error"));

        var auditor = await console.SignedInAsync(console.AuditorToken);
        var refused = await auditor.GotoAsync($"/console/fraud/subject?subject=terminal:{Guid.NewGuid()}");
        Assert.Equal(403, refused!.Status);
    }
}
