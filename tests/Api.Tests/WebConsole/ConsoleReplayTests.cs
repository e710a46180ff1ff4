using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>Time travel, what-if and projection rebuild in the browser, on real payments.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleReplayTests(ConsoleFixture console)
{
    [Fact]
    public async Task Time_travel_shows_a_wallets_state_at_a_version_beside_now_with_the_changes_marked()
    {
        var wallet = await console.OpenWalletAsync(frozen: true); // v1 opened, v2 topped up 25.00, v3 frozen
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/state");
        await page.SelectOptionAsync("#kind", "wallet");
        await page.FillAsync("#stream", wallet.ToString());
        await page.FillAsync("#version", "2");
        await page.ClickAsync("form.search button");

        var changed = page.Locator("table.state-diff tr.changed");
        Assert.Equal(["status"], await changed.Locator("td:first-child").AllTextContentsAsync());
        var status = changed.First.Locator("td");
        Assert.Equal(["status", "active", "frozen"], await status.AllTextContentsAsync());
        var balance = page.Locator("table.state-diff tr", new() { HasText = "balance" }).First;
        Assert.Null(await balance.GetAttributeAsync("class"));
        Assert.Equal(["balance", "25.00 EUR", "25.00 EUR"], await balance.Locator("td").AllTextContentsAsync());
        Assert.Contains("then at version 2", await page.TextContentAsync("p.summary"));
        Assert.Contains("now at version 3", await page.TextContentAsync("p.summary"));
        await ConsoleFixture.ScreenshotAsync(page, "time-travel");

        // Version 1, before the top-up: the balance differs too.
        await page.GotoAsync($"/console/state?kind=wallet&stream={wallet}&version=1");
        Assert.Contains("balance", await page.Locator("table.state-diff tr.changed td:first-child").AllTextContentsAsync());
        // As of a time before the wallet existed: every field is new since.
        await page.GotoAsync($"/console/state?kind=wallet&stream={wallet}&asOf=2001-01-01T00:00:00Z");
        Assert.Contains("did not exist yet", await page.TextContentAsync("p.summary"));

        // The reads are in the audit read log with the stream and the point in time.
        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where $1 = any(streams) and endpoint = 'GET console/state' and range_to = '2001-01-01T00:00:00Z'", wallet));
    }

    [Fact]
    public async Task A_streams_events_lead_to_the_state_they_produced_beside_now()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync($"/console/streams?stream={wallet}");
        await page.Locator("table.events tbody tr").Nth(1).Locator("a.as-of").ClickAsync();

        Assert.Contains($"kind=wallet&stream={wallet}&version=2", page.Url);
        Assert.Equal(["status"], await page.Locator("table.state-diff tr.changed td:first-child").AllTextContentsAsync());
    }

    [Fact]
    public async Task Time_travel_refuses_a_bad_point_and_says_so_for_an_unknown_id()
    {
        var wallet = await console.OpenWalletAsync();
        var page = await console.SignedInAsync(console.AuditorToken);
        foreach (var (query, status, text) in new[]
                 {
                     ($"kind=wallet&stream={wallet}&version=0", 400, "counts from 1"),
                     ($"kind=wallet&stream={wallet}&version=1&asOf=2026-01-01T00:00:00Z", 400, "not both"),
                     ($"kind=wallet&stream={wallet}", 400, "Give a time"),
                     ($"kind=wallet&stream={wallet}&asOf=yesterday", 400, "asOf must be a time"),
                     ($"kind=account&stream={wallet}&version=1", 400, "One of wallet, merchant, terminal, payment"),
                     ($"kind=wallet&stream={Guid.NewGuid()}&version=1", 404, "No wallet has the id"),
                     ($"kind=terminal&stream={wallet}&version=1", 404, "No terminal has the id"),
                 })
        {
            var answer = await page.GotoAsync("/console/state?" + query);
            Assert.Equal(status, answer!.Status);
            Assert.Contains(text, await page.TextContentAsync(".error"));
        }
    }

    [Fact]
    public async Task What_if_lists_the_decisions_a_lower_limit_would_change_as_a_table_and_a_chart()
    {
        var wallet = await console.FundedWalletAsync("100.00");
        var from = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var (small, smallStatus) = await console.PayAsync(wallet, "12.34");
        var (large, largeStatus) = await console.PayAsync(wallet, "30.00");
        Assert.Equal(("authorized", "authorized"), (smallStatus, largeStatus));

        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/what-if");
        await page.FillAsync("#what-if-form input[name=from]", from);
        await ConsoleRuns.FillLimitsAsync(page, 0, "EUR", "20.00", "500.00", "20");
        var sent = await ConsoleRuns.SendAsync(page, "#what-if-form");
        Assert.Equal(303, sent.Status);
        Assert.Equal("done", await ConsoleRuns.EndedAsync(page));
        var report = Guid.Parse(ConsoleRuns.Query(page, "report"));

        var row = page.Locator("table.what-if tbody tr", new() { HasText = large.ToString() });
        Assert.True(await row.CountAsync() == 1, string.Join("\n", await page.Locator("table.what-if tbody tr").AllInnerTextsAsync()));
        Assert.Contains("authorized", await row.Locator("td:nth-child(5)").TextContentAsync());
        Assert.Contains("declined (PerPaymentLimitExceeded)", await row.Locator("td:nth-child(6)").TextContentAsync());
        Assert.Equal(0, await page.Locator("table.what-if tbody tr", new() { HasText = small.ToString() }).CountAsync());
        // The chart: an inline SVG drawn on the server, a bar per series and day, its numbers in a table beside it.
        var bars = page.Locator("figure.chart svg rect.bar.series-bad");
        Assert.True(await bars.CountAsync() >= 1);
        Assert.Contains("authorized, would be declined", await bars.First.Locator("title").TextContentAsync());
        Assert.Contains(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"), await page.Locator("table.chart-data").TextContentAsync());
        await ConsoleFixture.ScreenshotAsync(page, "what-if");

        // Nothing was written to the ledger: the payment is still authorized, no event of the replay.
        Assert.Equal(0L, await console.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = $1 and type = 'payment_declined.v1'", large));
        // The period replayed is in the audit read log: once as the replay the post queued, then as each read of the report.
        var start = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where endpoint = 'REPLAY console/what-if' and range_from = $1 and target like $2",
            start, $"%report={report}%"));
        Assert.True(await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where endpoint = 'GET console/what-if' and range_from = $1 and target like $2",
            start, $"%report={report}%") >= 1);
    }

    [Fact]
    public async Task What_if_refuses_limits_no_wallet_could_have()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var before = await console.ScalarAsync<long>("select count(*) from ledger.what_if_reports");
        foreach (var (from, to, limits, status, text) in new[]
                 {
                     ("", "", ("EUR", "lots", "10.00", "3"), 400, "perPayment"),
                     ("2026-12-02", "2026-12-01", ("EUR", "1.00", "10.00", "3"), 400, "from must be before to"),
                     ("", "", ("XYZ", "1.00", "10.00", "3"), 400, "ISO 4217"),
                 })
        {
            await page.GotoAsync("/console/what-if");
            await page.FillAsync("#what-if-form input[name=from]", from);
            await page.FillAsync("#what-if-form input[name=to]", to);
            await ConsoleRuns.FillLimitsAsync(page, 0, limits.Item1, limits.Item2, limits.Item3, limits.Item4);
            var answer = await ConsoleRuns.SendAsync(page, "#what-if-form");
            Assert.Equal(status, answer.Status);
            Assert.Contains(text, await page.TextContentAsync(".error"));
        }
        Assert.Equal(before, await console.ScalarAsync<long>("select count(*) from ledger.what_if_reports"));
    }

    [Fact]
    public async Task An_operator_rebuilds_a_projection_sees_the_diff_report_and_the_reason_is_recorded()
    {
        await console.OpenWalletAsync();
        var page = await console.SignedInAsync(console.OperatorToken);
        await page.GotoAsync("/console/rebuild");
        await page.SelectOptionAsync("#rebuild-form select[name=view]", "wallet");
        await page.FillAsync("#rebuild-form input[name=reason]", "checking the wallet snapshots after the upgrade");
        var answer = await ConsoleRuns.SendAsync(page, "#rebuild-form");
        // Started in the background: the post answers at once with the rebuild's page.
        Assert.Equal(303, answer.Status);
        Assert.Equal("done", await ConsoleRuns.EndedAsync(page));

        var rows = page.Locator("table.rebuild tbody tr");
        Assert.Equal(["mt_doc_wallet"], await rows.Locator("td:first-child").AllTextContentsAsync());
        Assert.Equal("matches", await rows.First.Locator("td:last-child").TextContentAsync());
        Assert.Contains("every view matches the live one", await page.TextContentAsync("p.summary"));
        await ConsoleFixture.ScreenshotAsync(page, "rebuild");

        var rebuildId = ConsoleRuns.Query(page, "rebuild");
        foreach (var type in new[] { "projections_rebuild_started.v1", "projections_rebuilt.v1" })
        {
            Assert.Equal("checking the wallet snapshots after the upgrade", await console.ScalarAsync<string>(
                "select headers->>'reason' from ledger.mt_events where stream_id = $1::uuid and type = $2", rebuildId, type));
            Assert.StartsWith("operator:", await console.ScalarAsync<string>(
                "select headers->>'actor' from ledger.mt_events where stream_id = $1::uuid and type = $2", rebuildId, type));
        }
        // The finish names its start as its cause.
        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.mt_events f join ledger.mt_events s on s.stream_id = f.stream_id and s.version = 1 " +
            "where f.stream_id = $1::uuid and f.version = 2 and f.causation_id = s.id::text", rebuildId));
        // The report stays readable by its id, and the rebuild is in the list of recent ones.
        await page.GotoAsync($"/console/rebuild?rebuild={rebuildId}");
        Assert.Equal("matches", await page.Locator("table.rebuild tbody tr td:last-child").First.TextContentAsync());
        Assert.Contains("checking the wallet snapshots after the upgrade", await page.TextContentAsync("dl.rebuild-by"));
        await page.GotoAsync("/console/rebuild");
        Assert.Contains("done", await page.Locator($"table.rebuilds tr:has(a[href$='{rebuildId}'])").TextContentAsync());
    }

    [Fact]
    public async Task A_rebuild_form_sent_twice_rebuilds_once_and_one_without_a_reason_rebuilds_nothing()
    {
        var page = await console.SignedInAsync(console.OperatorToken);
        await page.GotoAsync("/console/rebuild");
        const string Count = "select count(*) from ledger.mt_events where type in ('projections_rebuilt.v1', 'projections_rebuild_started.v1')";
        var before = await console.ScalarAsync<long>(Count);
        await page.FillAsync("#rebuild-form input[name=reason]", "no");
        await page.EvalOnSelectorAsync("#rebuild-form input[name=reason]", "e => e.removeAttribute('minlength')");
        var refused = await ConsoleRuns.SendAsync(page, "#rebuild-form");
        Assert.Equal(400, refused.Status);
        Assert.Contains("Give a reason", await page.TextContentAsync(".error"));
        Assert.Equal(before, await console.ScalarAsync<long>(Count));

        await page.GotoAsync("/console/rebuild");
        var key = await page.GetAttributeAsync("#rebuild-form input[name=key]", "value");
        await page.SelectOptionAsync("#rebuild-form select[name=view]", "terminal");
        await page.FillAsync("#rebuild-form input[name=reason]", "twice on purpose");
        await ConsoleRuns.SendAsync(page, "#rebuild-form");
        Assert.Equal("done", await ConsoleRuns.EndedAsync(page));
        var first = ConsoleRuns.Query(page, "rebuild");
        // The same form again (same key): the first rebuild's page, nothing run.
        await page.GotoAsync("/console/rebuild");
        await page.EvalOnSelectorAsync("#rebuild-form input[name=key]", $"(e, k) => e.value = k", key);
        await page.SelectOptionAsync("#rebuild-form select[name=view]", "terminal");
        await page.FillAsync("#rebuild-form input[name=reason]", "twice on purpose");
        await ConsoleRuns.SendAsync(page, "#rebuild-form");
        Assert.Contains("already sent", await page.TextContentAsync(".notice"));
        Assert.Equal(first, ConsoleRuns.Query(page, "rebuild"));
        Assert.Equal(before + 2, await console.ScalarAsync<long>(Count));
    }

    [Theory]
    [InlineData("operator", "/console/state")]
    [InlineData("operator", "/console/what-if")]
    [InlineData("auditor", "/console/rebuild")]
    public async Task A_page_of_the_other_role_is_refused(string role, string path)
    {
        var page = await console.SignedInAsync(role == "operator" ? console.OperatorToken : console.AuditorToken);
        var answer = await page.GotoAsync(path);
        Assert.Equal(403, answer!.Status);
        Assert.Contains("Your role may not open this page", await page.TextContentAsync(".error"));
    }

    [Fact]
    public async Task An_auditor_cannot_post_a_rebuild_even_with_a_csrf_token_of_their_own()
    {
        const string Count = "select count(*) from ledger.mt_events where type in ('projections_rebuilt.v1', 'projections_rebuild_started.v1')";
        var before = await console.ScalarAsync<long>(Count) + await console.ScalarAsync<long>("select count(*) from ledger.projection_rebuilds");
        var auditor = await console.SignedInAsync(console.AuditorToken);
        await auditor.GotoAsync("/console/state");
        // The antiforgery token of the auditor's own session, from the sign-out form every page carries.
        var token = await auditor.GetAttributeAsync("form.sign-out input[name=__RequestVerificationToken]", "value");
        var answer = await auditor.Context.APIRequest.PostAsync("/console/rebuild", new APIRequestContextOptions
        {
            MaxRedirects = 0,
            Form = auditor.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!).Append("view", "all")
                .Append("reason", "an auditor trying to act").Append("key", "console-auditor-attempt"),
        });
        Assert.Equal(403, answer.Status);
        Assert.Equal(before, await console.ScalarAsync<long>(Count) + await console.ScalarAsync<long>("select count(*) from ledger.projection_rebuilds"));
    }
}
