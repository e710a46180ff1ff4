using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The console's pages on real data: streams, finance, fraud, explanation, and the audit read log behind them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePageTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_wallets_stream_shows_its_events_in_order_with_their_metadata_and_pages_by_version()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/streams");
        await page.FillAsync("#stream", wallet.ToString());
        await page.ClickAsync("form.search button");

        var rows = page.Locator("table.events tbody tr");
        Assert.Equal(["1", "2", "3"], await rows.Locator("td:first-child").AllTextContentsAsync());
        Assert.Equal(["wallet_opened.v1", "wallet_topped_up.v1", "wallet_frozen.v1"], await rows.Locator("td:nth-child(2)").AllTextContentsAsync());
        var metadata = await rows.First.Locator("dl.meta").TextContentAsync();
        Assert.Contains("operator:setup-operator-", metadata);
        foreach (var field in new[] { "correlation", "causation", "request", "event id" }) Assert.Contains(field, metadata);
        // What each event changed in the wallet's state: the top-up its balance, the freeze its status.
        var changes = rows.Locator("td.changes");
        Assert.Contains("25.00 EUR", await changes.Nth(1).Locator("li:has(code:text-is('balance')) ins").TextContentAsync());
        Assert.Contains("0.00 EUR", await changes.Nth(1).Locator("li:has(code:text-is('balance')) del").TextContentAsync());
        Assert.Equal(1, await changes.Nth(1).Locator("li").CountAsync());
        Assert.Contains("frozen", (await changes.Nth(2).Locator("li:has(code:text-is('status')) ins").TextContentAsync())!, StringComparison.OrdinalIgnoreCase);
        await ConsoleFixture.ScreenshotAsync(page, "streams");

        // The keyset: after=2 starts at version 3, whatever came before.
        await page.GotoAsync($"/console/streams?stream={wallet}&after=2");
        Assert.Equal(["3"], await page.Locator("table.events tbody tr td:first-child").AllTextContentsAsync());
        await page.GotoAsync($"/console/streams?stream={wallet}&after=3");
        Assert.Contains("No events after version 3", await page.TextContentAsync("p.empty"));
    }

    [Fact]
    public async Task A_causation_id_leads_to_the_event_or_stream_that_caused_the_event()
    {
        var (wallet, approval) = await console.ApprovedPayoutAsync();
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync($"/console/streams?stream={wallet}");

        var cause = page.Locator("table.events a.cause");
        Assert.Equal(approval.ToString(), (await cause.Last.TextContentAsync())!.Trim());
        await ConsoleFixture.ScreenshotAsync(page, "stream-causation");
        await cause.Last.ClickAsync();
        Assert.Contains($"stream={approval}", page.Url);
        Assert.Contains("approval_granted.v1", await page.TextContentAsync("table.events"));
    }

    [Fact]
    public async Task A_bad_or_unknown_stream_id_gets_a_clear_error_not_a_failure()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var bad = await page.GotoAsync("/console/streams?stream=not-an-id");
        Assert.Equal(400, bad!.Status);
        Assert.Contains("not an id", await page.TextContentAsync(".error"));
        var unknown = await page.GotoAsync($"/console/streams?stream={Guid.NewGuid()}");
        Assert.Equal(404, unknown!.Status);
        Assert.Contains("No stream has the id", await page.TextContentAsync(".error"));
        var badCursor = await page.GotoAsync($"/console/streams?stream={Guid.NewGuid()}&after=-1");
        Assert.Equal(400, badCursor!.Status);
    }

    [Fact]
    public async Task An_operator_unfreezes_a_wallet_from_the_fraud_page_and_the_reason_is_recorded_on_the_event()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.OperatorToken);
        await page.GotoAsync("/console/fraud");
        await ConsoleFixture.ScreenshotAsync(page, "fraud");

        // Too short a reason: refused, nothing written.
        await page.FillAsync("#unfreeze-form input[name=subject]", wallet.ToString());
        await page.FillAsync("#unfreeze-form input[name=reason]", "ok");
        await page.EvalOnSelectorAsync("#unfreeze-form input[name=reason]", "e => e.removeAttribute('minlength')");
        await page.ClickAsync("#unfreeze-form button");
        Assert.Contains("Give a reason", await page.TextContentAsync(".error"));
        Assert.Equal("frozen", await console.WalletStatusAsync(wallet));

        await page.FillAsync("#unfreeze-form input[name=subject]", wallet.ToString());
        await page.FillAsync("#unfreeze-form input[name=reason]", "customer called from the registered phone");
        await page.ClickAsync("#unfreeze-form button");
        Assert.Contains($"Wallet {wallet} unfrozen", await page.TextContentAsync(".notice"));
        Assert.Equal("active", await console.WalletStatusAsync(wallet));
        Assert.Equal("customer called from the registered phone", await console.ScalarAsync<string>(
            "select headers->>'reason' from ledger.mt_events where stream_id = $1 and type = 'wallet_unfrozen.v1'", wallet));
        // And an auditor reads it beside the event.
        var auditor = await console.SignedInAsync(console.AuditorToken);
        await auditor.GotoAsync($"/console/streams?stream={wallet}");
        Assert.Contains("customer called from the registered phone", await auditor.Locator("table.events tbody tr").Last.TextContentAsync());

        // A terminal that does not exist: the ledger's answer, said on the page.
        var nowhere = Guid.NewGuid();
        await page.FillAsync("#reactivate-form input[name=subject]", nowhere.ToString());
        await page.FillAsync("#reactivate-form input[name=reason]", "till back from repair");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#reactivate-form button"), r => r.Request.Method == "POST");
        Assert.Equal(404, answer.Status);
        Assert.Contains("Not found", await page.TextContentAsync(".error"));
    }

    [Fact]
    public async Task The_finance_page_shows_the_trial_balance_and_an_accounts_journal_to_both_roles()
    {
        var wallet = await console.OpenWalletAsync();
        foreach (var (token, shot) in new[] { (console.OperatorToken, (string?)null), (console.AuditorToken, "finance") })
        {
            var page = await console.SignedInAsync(token);
            await page.GotoAsync($"/console/finance?account=wallet:{wallet}");
            Assert.Contains("EUR", await page.TextContentAsync("table.trial-balance"));
            Assert.DoesNotContain("does not balance", await page.TextContentAsync("table.trial-balance"));
            Assert.Contains("25.00", await page.TextContentAsync("p.summary"));
            Assert.Equal(1, await page.Locator("table.journal tbody tr").CountAsync());
            if (shot is not null) await ConsoleFixture.ScreenshotAsync(page, shot);
        }
    }

    [Fact]
    public async Task An_auditors_console_reads_are_in_the_audit_read_log_as_http_reads_are_and_an_operators_are_not()
    {
        var wallet = await console.OpenWalletAsync();
        var auditor = await console.SignedInAsync(console.AuditorToken);
        await auditor.GotoAsync($"/console/streams?stream={wallet}");
        await auditor.GotoAsync($"/console/finance?account=wallet:{wallet}");
        var @operator = await console.SignedInAsync(console.OperatorToken);
        await @operator.GotoAsync($"/console/finance?account=wallet:{wallet}");

        Assert.Equal(2L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where $1 = any(streams) and reader like 'auditor:%'", wallet));
        Assert.Equal(0L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where $1 = any(streams) and reader not like 'auditor:%'", wallet));
        Assert.Equal($"/console/streams?stream={wallet}", await console.ScalarAsync<string>(
            "select target from ledger.audit_reads where $1 = any(streams) and endpoint like 'GET %streams'", wallet));
    }

    [Fact]
    public async Task The_explanation_page_says_clearly_when_a_payment_has_no_recorded_decision()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/explanation");
        var unknown = Guid.NewGuid();
        await page.FillAsync("#stream", unknown.ToString());
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.search button"), r => r.Url.Contains("/console/explanation?"));
        Assert.Equal(404, answer.Status);
        Assert.Contains($"Payment {unknown} has no recorded decision", await page.TextContentAsync(".error"));
    }
}
