using System.Globalization;
using Ledger.Domain;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// What-if as a stored report in the browser: several currencies in one policy file, run in the background and equal
/// to the replay run directly; the same form sent twice queues one report; bad policies refused with nothing stored; a
/// report read only by the auditor who asked for it, never by an operator.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleWhatIfReportTests(ConsoleFixture console)
{
    private const string Reports = "select count(*) from ledger.what_if_reports";

    [Fact]
    public async Task A_report_of_a_policy_file_with_two_currencies_completes_and_its_table_is_the_replay_run_directly()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var wallets = new[] { await console.FundedWalletAsync("100.00"), await console.FundedWalletAsync("60.00") };
        foreach (var wallet in wallets)
            foreach (var amount in new[] { "9.00", "14.50", "31.00", "18.00" })
                await console.PayAsync(wallet, amount);
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        const string File = """
            {"name": "tighter in two currencies",
             "limits": {"EUR": {"perPayment": "20.00", "dailyAmount": "45.00", "dailyCount": 3},
                        "USD": {"perPayment": "5.00", "dailyAmount": "50.00", "dailyCount": 2}}}
            """;

        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/what-if");
        await page.FillAsync("#what-if-form input[name=from]", from.ToString("O"));
        await page.FillAsync("#what-if-form input[name=to]", to.ToString("O"));
        await page.FillAsync("#what-if-form textarea[name=policy]", File);
        Assert.Equal(303, (await ConsoleRuns.SendAsync(page, "#what-if-form")).Status);
        Assert.Equal("done", await ConsoleRuns.EndedAsync(page));
        var report = Guid.Parse(ConsoleRuns.Query(page, "report"));
        Assert.Equal("tighter in two currencies", await page.Locator("dl.what-if-report dd").First.TextContentAsync());

        var policy = new LimitPolicy("tighter in two currencies", new Dictionary<string, WalletLimits>
        {
            ["EUR"] = new(Money.FromDecimal(20m, Currency.Of("EUR")), Money.FromDecimal(45m, Currency.Of("EUR")), 3),
            ["USD"] = new(Money.FromDecimal(5m, Currency.Of("USD")), Money.FromDecimal(50m, Currency.Of("USD")), 2),
        });
        var direct = await console.WhatIfDirectlyAsync(policy, from, to);
        // The 31.00 payments would be declined; the second wallet's 18.00, declined for want of funds, would then be
        // authorized (the replay cascades): the test means to change decisions both ways.
        Assert.Contains(direct.Changes, c => c.WasAuthorized);
        Assert.Contains(direct.Changes, c => !c.WasAuthorized);
        var expected = direct.Changes.Select(c => string.Join(" | ", c.PaymentId, c.WalletId, $"{c.Amount.ToDecimal().ToString("F2", CultureInfo.InvariantCulture)} EUR",
            Outcome(c.WasAuthorized, c.WasReason), Outcome(c.WouldAuthorize, c.WouldReason))).Order().ToList();
        var shown = new List<string>();
        foreach (var row in await page.Locator("table.what-if tbody tr").AllAsync())
        {
            var cells = await row.Locator("td").AllTextContentsAsync();
            shown.Add(string.Join(" | ", cells.Skip(1).Select(c => c.Trim())));
        }
        Assert.Equal(expected, shown.Order().ToList());
        var totals = await page.Locator("table.what-if-totals tbody tr td").AllTextContentsAsync();
        var eur = direct.Totals.Single(t => t.Currency == "EUR");
        Assert.Equal(["EUR", eur.NewlyDeclined.ToString(CultureInfo.InvariantCulture), $"{eur.NewlyDeclinedAmount.ToDecimal():F2} EUR",
            eur.NewlyAuthorized.ToString(CultureInfo.InvariantCulture), $"{eur.NewlyAuthorizedAmount.ToDecimal():F2} EUR"], totals);
        Assert.Contains($"{direct.Requests} payment request(s)", await page.TextContentAsync("p.summary"));

        // The list of reports has it, done, with its number of changes.
        await page.GotoAsync("/console/what-if");
        var listed = page.Locator($"table.what-if-reports tr:has(a[href*='report={report}'])");
        Assert.Equal(["done", direct.Changes.Count.ToString(CultureInfo.InvariantCulture)],
            (await listed.Locator("td").AllTextContentsAsync()).Skip(3).Select(c => c.Trim()));
    }

    private static string Outcome(bool authorized, Domain.Payments.DeclineReason? reason) => authorized ? "authorized" : $"declined ({reason})";

    [Fact]
    public async Task The_same_form_sent_twice_queues_one_report_even_when_both_arrive_at_once()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/what-if");
        var key = await page.GetAttributeAsync("#what-if-form input[name=key]", "value");
        var token = await page.GetAttributeAsync("#what-if-form input[name=__RequestVerificationToken]", "value");
        var before = await console.ScalarAsync<long>(Reports);

        // Two posts of one form at the same time (a double click), then the form sent again from the page.
        Task<IAPIResponse> Post() => page.Context.APIRequest.PostAsync("/console/what-if", new APIRequestContextOptions
        {
            MaxRedirects = 0,
            Form = page.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!).Append("key", key!)
                .Append("currency", "EUR").Append("perPayment", "1.00").Append("dailyAmount", "10.00").Append("dailyCount", "2"),
        });
        var answers = await Task.WhenAll(Post(), Post());
        Assert.All(answers, a => Assert.Equal(303, a.Status));
        var locations = answers.Select(a => a.Headers["location"].Split("&sent=")[0]).Distinct().ToList();
        Assert.Single(locations);
        await ConsoleRuns.FillLimitsAsync(page, 0, "EUR", "1.00", "10.00", "2");
        await page.EvalOnSelectorAsync("#what-if-form input[name=key]", "(e, k) => e.value = k", key);
        await ConsoleRuns.SendAsync(page, "#what-if-form");
        Assert.Contains("already sent", await page.TextContentAsync(".notice"));
        Assert.StartsWith(locations[0], new Uri(page.Url).PathAndQuery);
        Assert.Equal(before + 1, await console.ScalarAsync<long>(Reports));

        // The same key with other limits is not the first report: refused, nothing stored.
        await page.GotoAsync("/console/what-if");
        await page.EvalOnSelectorAsync("#what-if-form input[name=key]", "(e, k) => e.value = k", key);
        await ConsoleRuns.FillLimitsAsync(page, 0, "EUR", "2.00", "10.00", "2");
        Assert.Equal(409, (await ConsoleRuns.SendAsync(page, "#what-if-form")).Status);
        Assert.Contains("already sent with other values", await page.TextContentAsync(".error"));
        Assert.Equal(before + 1, await console.ScalarAsync<long>(Reports));
        Assert.Equal("done", await ConsoleRuns.EndedAsync(await OpenAsync(page, locations[0])));
    }

    private static async Task<IPage> OpenAsync(IPage page, string location)
    {
        await page.GotoAsync(location);
        return page;
    }

    [Fact]
    public async Task A_bad_policy_is_refused_in_words_and_stores_nothing()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var before = await console.ScalarAsync<long>(Reports);
        foreach (var (policy, rows, text) in new (string? Policy, (string, string, string, string)? Row, string Text)[]
                 {
                     ("{\"name\": \"x\", \"limits\": {\"EUR\": ", null, "not a limit policy"),
                     ("{\"name\": \"x\", \"limits\": {}}", null, "names no currency"),
                     ("{\"name\": \"x\", \"limits\": {\"EURO\": {\"perPayment\": \"1.00\", \"dailyAmount\": \"2.00\", \"dailyCount\": 1}}}", null, "not an ISO 4217 currency"),
                     ("{\"name\": \"x\", \"limits\": {\"EUR\": {\"perPayment\": \"-1.00\", \"dailyAmount\": \"2.00\", \"dailyCount\": 1}}}", null, "perPayment"),
                     ("{\"name\": \"x\", \"limits\": {\"EUR\": {\"perPayment\": \"1.00\", \"dailyAmount\": \"2.00\", \"dailyCount\": 0}}}", null, "not a limit policy"),
                     ("{\"name\": \"x\", \"limits\": {\"EUR\": {\"perPayment\": \"1.00\", \"dailyAmount\": \"2.00\", \"dailyCount\": 1}}}", ("EUR", "1.00", "2.00", "1"), "not both"),
                     (null, ("EUR", "1.00", "2.00", "many"), "daily count must be a whole number"),
                     (null, null, "Give one currency's limits at least"),
                 })
        {
            await page.GotoAsync("/console/what-if");
            if (policy is not null) await page.FillAsync("#what-if-form textarea[name=policy]", policy);
            if (rows is var (currency, perPayment, dailyAmount, dailyCount)) await ConsoleRuns.FillLimitsAsync(page, 0, currency, perPayment, dailyAmount, dailyCount);
            var answer = await ConsoleRuns.SendAsync(page, "#what-if-form");
            Assert.Equal(400, answer.Status);
            Assert.Contains(text, await page.TextContentAsync(".error"));
            // The form comes back as it was sent, to be corrected.
            if (policy is not null) Assert.Equal(policy, await page.InputValueAsync("#what-if-form textarea[name=policy]"));
        }
        Assert.Equal(before, await console.ScalarAsync<long>(Reports));
        Assert.Equal(0L, await console.ScalarAsync<long>("select count(*) from ledger.what_if_changes c where not exists (select 1 from ledger.what_if_reports r where r.report_id = c.report_id)"));
    }

    [Fact]
    public async Task A_report_is_refused_to_an_operator_and_unknown_to_another_auditor()
    {
        var auditor = await console.SignedInAsync(console.AuditorToken);
        await auditor.GotoAsync("/console/what-if");
        await ConsoleRuns.FillLimitsAsync(auditor, 0, "EUR", "5.00", "50.00", "5");
        await ConsoleRuns.SendAsync(auditor, "#what-if-form");
        Assert.Equal("done", await ConsoleRuns.EndedAsync(auditor));
        var link = new Uri(auditor.Url).PathAndQuery;
        var report = ConsoleRuns.Query(auditor, "report");
        var before = await console.ScalarAsync<long>(Reports);

        // An operator: the report's address (a guessed or leaked id), the page, and a post with their own CSRF token.
        var operatorPage = await console.SignedInAsync(console.OperatorToken);
        foreach (var path in new[] { link, $"/console/what-if?report={report}", "/console/what-if" })
        {
            var answer = await operatorPage.GotoAsync(path);
            Assert.Equal(403, answer!.Status);
            Assert.Contains("Your role may not open this page", await operatorPage.TextContentAsync(".error"));
            Assert.DoesNotContain(report, await operatorPage.ContentAsync());
        }
        await operatorPage.GotoAsync("/console/finance");
        var token = await operatorPage.GetAttributeAsync("form.sign-out input[name=__RequestVerificationToken]", "value");
        var posted = await operatorPage.Context.APIRequest.PostAsync("/console/what-if", new APIRequestContextOptions
        {
            MaxRedirects = 0,
            Form = operatorPage.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!).Append("key", "console-operator-attempt")
                .Append("currency", "EUR").Append("perPayment", "1.00").Append("dailyAmount", "10.00").Append("dailyCount", "2"),
        });
        Assert.Equal(403, posted.Status);
        Assert.Equal(before, await console.ScalarAsync<long>(Reports));

        // Another auditor (another engagement): the same id reads as no report at all, and their list does not have it.
        var other = await console.SignedInAsync(await console.IssueAuditorAsync($"second-auditor-{Guid.NewGuid():N}"[..24]));
        var refused = await other.GotoAsync(link);
        Assert.Equal(404, refused!.Status);
        Assert.Contains("None of your what-if reports has the id", await other.TextContentAsync(".error"));
        Assert.DoesNotContain("table.what-if", await other.ContentAsync());
        await other.GotoAsync($"/console/what-if?again={report}");
        Assert.Equal("", await other.InputValueAsync("#what-if-form textarea[name=policy]"));
        Assert.Equal(0, await other.Locator($"a[href*='{report}']").CountAsync());
    }
}
