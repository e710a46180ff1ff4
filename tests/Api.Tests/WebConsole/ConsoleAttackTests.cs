using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>Form posts that must not act: the wrong role, no CSRF token, a wrong one, one from another session.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAttackTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_auditor_cannot_open_the_fraud_page_nor_post_an_operator_action()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.AuditorToken);

        var opened = await page.GotoAsync("/console/fraud");
        Assert.Equal(403, opened!.Status);
        Assert.Contains("Your role may not open this page", await page.TextContentAsync(".error"));
        await ConsoleFixture.ScreenshotAsync(page, "forbidden");

        // A valid CSRF token of the auditor's own session (the sign-out form's) does not make the act allowed.
        var posted = await PostUnfreezeAsync(page, wallet, await CsrfTokenAsync(page));
        Assert.Equal(403, posted.Status);
        Assert.Equal("frozen", await console.WalletStatusAsync(wallet));
    }

    [Fact]
    public async Task An_operator_action_without_a_csrf_token_with_a_wrong_one_or_with_another_sessions_is_refused()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.OperatorToken);
        var elsewhere = await console.SignedInAsync(console.OperatorToken);
        await page.GotoAsync("/console/fraud");

        var without = await PostUnfreezeAsync(page, wallet, csrf: null);
        var wrong = await PostUnfreezeAsync(page, wallet, "CfDJ8" + new string('A', 150));
        var otherSession = await PostUnfreezeAsync(page, wallet, await CsrfTokenAsync(elsewhere));

        foreach (var refused in new[] { without, wrong, otherSession })
        {
            Assert.Equal(400, refused.Status);
            Assert.Contains("not sent from a page of this console session", await refused.TextAsync());
        }
        Assert.Equal("frozen", await console.WalletStatusAsync(wallet));

        // The same form with the page's own token acts: the refusals above were the token's, not the form's.
        var accepted = await PostUnfreezeAsync(page, wallet, await CsrfTokenAsync(page));
        Assert.Equal(302, accepted.Status);
        Assert.Equal("active", await console.WalletStatusAsync(wallet));
    }

    [Fact]
    public async Task A_post_without_a_session_is_refused_before_its_form_is_read()
    {
        var page = await console.NewPageAsync();
        var csrf = await page.InputValueAsync("input[name=__RequestVerificationToken]");
        var posted = await PostUnfreezeAsync(page, Guid.NewGuid(), csrf);
        Assert.Equal(401, posted.Status);
    }

    private static async Task<string> CsrfTokenAsync(IPage page) =>
        await page.Locator("form.sign-out input[name=__RequestVerificationToken]").InputValueAsync();

    private static Task<IAPIResponse> PostUnfreezeAsync(IPage page, Guid wallet, string? csrf)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("subject", wallet.ToString());
        form.Set("reason", "customer called, verified by phone");
        form.Set("key", "console-" + Guid.NewGuid().ToString("N"));
        if (csrf is not null) form.Set("__RequestVerificationToken", csrf);
        return page.Context.APIRequest.PostAsync("/console/fraud?handler=Unfreeze", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
    }
}
