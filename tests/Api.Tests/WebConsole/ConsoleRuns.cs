using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The console's forms for runs in the background (what-if reports, rebuilds), and waiting for one to end.</summary>
internal static class ConsoleRuns
{
    /// <summary>Fills row <paramref name="row"/> (from 0) of the what-if form's limits.</summary>
    public static async Task FillLimitsAsync(IPage page, int row, string currency, string perPayment, string dailyAmount, string dailyCount)
    {
        var cells = page.Locator("#what-if-form table.limit-rows tbody tr").Nth(row);
        await cells.Locator("input[name=currency]").FillAsync(currency);
        await cells.Locator("input[name=perPayment]").FillAsync(perPayment);
        await cells.Locator("input[name=dailyAmount]").FillAsync(dailyAmount);
        await cells.Locator("input[name=dailyCount]").FillAsync(dailyCount);
    }

    /// <summary>Sends the form on the page and gives the answer to the post (303 to the run's page, or the page refusing it).</summary>
    public static async Task<IResponse> SendAsync(IPage page, string form)
    {
        IResponse? answer = null;
        // Waits only until the page the browser was sent to (after a 303) or the refusing page is committed, so that its
        // address is the page's; what the test reads of it, locators wait for. A wait for a load state after the answer
        // was seen hung once for 30 s on a loaded machine.
        await page.RunAndWaitForNavigationAsync(
            async () => answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"{form} button[type=submit]"), r => r.Request.Method == "POST"),
            new PageRunAndWaitForNavigationOptions { WaitUntil = WaitUntilState.Commit });
        return answer!;
    }

    /// <summary>
    /// Waits on the run's page, which reloads itself (a meta refresh) while the run is queued or running, until it shows
    /// how the run ended; that status.
    /// </summary>
    public static async Task<string> EndedAsync(IPage page)
    {
        var ended = page.Locator("dd.run-status:not(.status-queued):not(.status-running)");
        await ended.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        return (await ended.TextContentAsync())!.Trim();
    }

    /// <summary>A query parameter of the page's address.</summary>
    public static string Query(IPage page, string name) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)[name] ?? throw new InvalidOperationException($"no {name} in {page.Url}");
}
