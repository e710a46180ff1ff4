namespace Ledger.Api.Tests.WebConsole;

/// <summary>A payment's recorded decision laid out as a page: outcome, parties, each limit rule with its figures, refunds.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleExplanationTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_authorized_and_refunded_payment_shows_every_rule_passing_its_parties_and_the_refund()
    {
        var wallet = await console.FundedWalletAsync("60.00");
        var (payment, status) = await console.PayAsync(wallet, "12.50");
        Assert.Equal("authorized", status);
        await console.RefundAsync(payment, "2.50");
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync($"/console/explanation?stream={payment}");

        Assert.Equal("authorized", (await page.TextContentAsync("h2.outcome"))!.Trim());
        var rules = page.Locator("table.rules tbody tr");
        Assert.Equal(6, await rules.CountAsync());
        Assert.Equal(6, await page.Locator("table.rules tr.pass").CountAsync());
        Assert.Contains("12.50 EUR", await page.TextContentAsync("dl.decision"));
        Assert.Equal(1, await page.Locator($"dl.decision a[href='/console/streams?stream={wallet}']").CountAsync());
        Assert.Contains("2.50 EUR", await page.TextContentAsync("table.refunds"));
        Assert.Contains("a terminal payment without a face", await page.TextContentAsync("main"));
        await ConsoleFixture.ScreenshotAsync(page, "explanation-authorized");
    }

    [Fact]
    public async Task A_declined_payment_names_its_reason_and_marks_the_rule_that_failed_with_its_recorded_figures()
    {
        var wallet = await console.FundedWalletAsync("5.00");
        var (payment, status) = await console.PayAsync(wallet, "9.00");
        Assert.Equal("declined", status);
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync($"/console/explanation?stream={payment}");

        Assert.Contains("insufficient_funds", await page.TextContentAsync("h2.outcome.bad"));
        var failed = page.Locator("table.rules tr.fail");
        Assert.Equal(1, await failed.CountAsync());
        var row = await failed.TextContentAsync();
        Assert.Contains("balance", row);
        Assert.Contains("5.00 EUR available for 9.00 EUR", row);
        Assert.Contains("None.", await page.TextContentAsync("main"));
        await ConsoleFixture.ScreenshotAsync(page, "explanation");
    }
}
