using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The finance page's charts on real payments: inline SVG drawn by the server, each with its numbers in a table.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleChartTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_finance_page_charts_todays_money_by_kind_and_the_declines_by_reason()
    {
        var wallet = await console.FundedWalletAsync("20.00");
        Assert.Equal("authorized", (await console.PayAsync(wallet, "5.00")).Status);
        Assert.Equal("declined", (await console.PayAsync(wallet, "50.00")).Status);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");

        foreach (var (token, shot) in new[] { (console.AuditorToken, (string?)null), (console.OperatorToken, "finance-charts") })
        {
            var page = await console.SignedInAsync(token);
            await page.GotoAsync("/console/finance?currency=EUR&days=14");
            // Fourteen days, four kinds of movement: a bar each, today's payments among them.
            Assert.Equal(14 * 4, await page.Locator(".totals-chart figure > svg rect.bar").CountAsync());
            var todaysPayments = page.Locator(".totals-chart svg rect.bar title", new() { HasText = $"{today[5..]}: payments" });
            Assert.Equal(1, await todaysPayments.CountAsync());
            var dailyRows = await page.Locator("table.daily-totals tbody tr").AllTextContentsAsync();
            Assert.Contains(dailyRows, r => r.Contains(today) && r.Contains("payment"));
            Assert.Contains(dailyRows, r => r.Contains(today) && r.Contains("top_up"));

            var declines = page.Locator("table.declines tbody tr", new() { HasText = "InsufficientFunds" });
            Assert.Equal(1, await declines.CountAsync());
            Assert.True(int.Parse((await declines.Locator("td.amount").TextContentAsync())!) >= 1);
            Assert.True(await page.Locator(".declines-chart figure > svg rect.bar.series-bad").CountAsync() >= 1);
            Assert.Equal("img", await page.GetAttributeAsync(".declines-chart figure > svg", "role"));
            if (shot is not null) await ConsoleFixture.ScreenshotAsync(page, shot);
        }
    }

    [Fact]
    public async Task A_window_the_charts_cannot_draw_is_refused_on_the_page_and_an_empty_one_says_so()
    {
        var page = await console.SignedInAsync(console.OperatorToken);
        var tooLong = await page.GotoAsync("/console/finance?days=1000");
        Assert.Equal(400, tooLong!.Status);
        Assert.Contains("days must be a whole number", await page.TextContentAsync(".error"));
        var noSuchMoney = await page.GotoAsync("/console/finance?currency=JPY&days=7");
        Assert.Equal(200, noSuchMoney!.Status);
        Assert.Contains("No money moved in JPY", await page.TextContentAsync("#totals-empty"));
    }
}
