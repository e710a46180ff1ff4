using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// One console served by two API processes behind one address, no sticky sessions: a session and the forms of one
/// process work on the other, and what ends a session on one ends it on both; a restart keeps them; the database holds
/// a hash of each session's token and the antiforgery keys sealed, nothing a reader could sign in or forge forms with.
/// </summary>
[Collection(ConsoleNodesCollection.Name)]
public sealed class ConsoleAcrossInstancesTests(ConsoleNodesFixture nodes)
{
    [Fact]
    public async Task A_session_and_a_form_from_one_instance_work_on_the_other_and_a_forged_csrf_token_still_fails_there()
    {
        var wallet = await nodes.FrozenWalletAsync();
        nodes.Serve(nodes.A);
        var page = await nodes.SignedInAsync(nodes.OperatorToken);
        var elsewhere = await nodes.SignedInAsync(nodes.OperatorToken);
        await page.GotoAsync("/console/fraud");
        var otherSessionsToken = await CsrfTokenAsync(elsewhere);

        var before = nodes.Front.ConnectionsTo(nodes.B.Address);
        nodes.Serve(nodes.B);
        // B refuses what it must: a forged token, and a genuine one of another session (made by A).
        foreach (var csrf in new[] { "CfDJ8" + new string('A', 150), otherSessionsToken })
        {
            var refused = await PostUnfreezeAsync(page, wallet, csrf);
            Assert.Equal(400, refused.Status);
            Assert.Contains("not sent from a page of this console session", await refused.TextAsync());
        }
        Assert.Equal("frozen", await nodes.WalletStatusAsync(wallet));

        // The form A rendered, with A's antiforgery token and cookie, sent to B: it acts.
        await page.FillAsync("#unfreeze-form input[name=subject]", wallet.ToString());
        await page.FillAsync("#unfreeze-form input[name=reason]", "customer called, checked on another node");
        await page.ClickAsync("#unfreeze-form button");
        Assert.Contains($"Wallet {wallet} unfrozen", await page.TextContentAsync(".notice"));
        Assert.Equal("active", await nodes.WalletStatusAsync(wallet));
        var home = await page.GotoAsync("/console");
        Assert.Equal(200, home!.Status);
        Assert.Contains("operator:", await page.TextContentAsync("main"));
        Assert.True(nodes.Front.ConnectionsTo(nodes.B.Address) > before, "B served none of it");
    }

    [Fact]
    public async Task Signing_out_on_one_instance_ends_the_session_on_the_other()
    {
        nodes.Serve(nodes.A);
        var page = await nodes.SignedInAsync(nodes.AuditorToken);
        var cookie = await ConsoleNodesFixture.SessionCookieAsync(page);

        // The sign-out form A rendered, posted to B.
        nodes.Serve(nodes.B);
        await page.ClickAsync("form.sign-out button");
        Assert.Contains("You are signed out", await page.TextContentAsync("main"));
        Assert.Equal(0L, await nodes.ScalarAsync<long>("select count(*) from ledger.console_sessions where token_hash = $1",
            ConsoleNodesFixture.HashOf(cookie.Value)));

        nodes.Serve(nodes.A);
        var copied = await nodes.WithCookieAsync(cookie);
        await copied.GotoAsync("/console/streams");
        Assert.Contains("/console/sign-in", copied.Url);
    }

    [Fact]
    public async Task A_session_expired_in_the_table_is_refused_by_either_instance_and_deleted()
    {
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            nodes.Serve(node == nodes.A ? nodes.B : nodes.A);
            var page = await nodes.SignedInAsync(nodes.AuditorToken);
            var hash = ConsoleNodesFixture.HashOf((await ConsoleNodesFixture.SessionCookieAsync(page)).Value);

            await nodes.ScalarAsync<object>("update ledger.console_sessions set expires_at = now() - interval '1 second' where token_hash = $1", hash);
            nodes.Serve(node);
            await page.GotoAsync("/console/streams");

            Assert.Contains("/console/sign-in", page.Url);
            Assert.Equal(0L, await nodes.ScalarAsync<long>("select count(*) from ledger.console_sessions where token_hash = $1", hash));
        }
    }

    [Fact]
    public async Task The_database_holds_the_hash_of_a_session_token_never_the_token_and_the_antiforgery_keys_only_sealed()
    {
        nodes.Serve(nodes.B);
        var page = await nodes.SignedInAsync(nodes.AuditorToken);
        var token = (await ConsoleNodesFixture.SessionCookieAsync(page)).Value;

        Assert.Equal(0L, await nodes.ScalarAsync<long>("select count(*) from ledger.console_sessions t where strpos(row_to_json(t)::text, $1) > 0", token));
        var auditor = await nodes.ScalarAsync<Guid>("select credential_id from ledger.access_credentials where role = 'auditor'");
        Assert.Equal(auditor, await nodes.ScalarAsync<Guid>("select credential_id from ledger.console_sessions where token_hash = $1",
            ConsoleNodesFixture.HashOf(token)));
        Assert.Equal(0L, await nodes.ScalarAsync<long>(
            "select count(*) from ledger.mt_events e where strpos(e.data::text || coalesce(e.headers::text, ''), $1) > 0", token));

        // Two processes started on an empty key ring made one key between them (ConsoleKeyRingStart), whose secret is
        // sealed: no <masterKey> element, no key material in clear.
        var keys = await nodes.ScalarAsync<string[]>("select array_agg(xml order by element_id) from ledger.console_data_protection_keys");
        var key = Assert.Single(keys!);
        Assert.Contains("<encryptedSecret decryptorType=\"Ledger.Infrastructure.Access.SealedXmlDecryptor", key);
        Assert.Contains("<sealedSecret", key);
        Assert.DoesNotContain("masterKey", key);
    }

    [Fact]
    public async Task A_restart_keeps_the_session_and_the_forms_rendered_before_it()
    {
        var wallet = await nodes.FrozenWalletAsync();
        nodes.Serve(nodes.A);
        var page = await nodes.SignedInAsync(nodes.OperatorToken);
        await page.GotoAsync("/console/fraud");

        await nodes.A.RestartAsync();
        nodes.Serve(nodes.A);
        await page.FillAsync("#unfreeze-form input[name=subject]", wallet.ToString());
        await page.FillAsync("#unfreeze-form input[name=reason]", "customer called, after a deployment");
        await page.ClickAsync("#unfreeze-form button");

        Assert.Contains($"Wallet {wallet} unfrozen", await page.TextContentAsync(".notice"));
        Assert.Equal("active", await nodes.WalletStatusAsync(wallet));
        Assert.Equal(1L, await nodes.ScalarAsync<long>("select count(*) from ledger.console_data_protection_keys"));
    }

    [Fact]
    public async Task Revoking_a_credential_ends_its_sessions_on_every_instance()
    {
        var issued = await nodes.CredentialsAsync("issue", "--role", "operator", "--name", $"leaving-{Guid.NewGuid():N}"[..20]);
        var id = Guid.Parse(Regex.Match(issued, "credential ([0-9a-f-]{36})").Groups[1].Value);
        var token = Regex.Match(issued, "token: (\\S+)").Groups[1].Value;
        nodes.Serve(nodes.A);
        var page = await nodes.SignedInAsync(token);
        nodes.Serve(nodes.B);
        Assert.Equal(200, (await page.GotoAsync("/console/finance"))!.Status);

        await nodes.CredentialsAsync("revoke", id.ToString());

        Assert.Equal(0L, await nodes.ScalarAsync<long>("select count(*) from ledger.console_sessions where credential_id = $1", id));
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            nodes.Serve(node);
            await page.GotoAsync("/console/finance");
            Assert.Contains("/console/sign-in", page.Url);
        }
    }

    private static async Task<string> CsrfTokenAsync(IPage page) =>
        await page.Locator("form.sign-out input[name=__RequestVerificationToken]").InputValueAsync();

    private static Task<IAPIResponse> PostUnfreezeAsync(IPage page, Guid wallet, string csrf)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("subject", wallet.ToString());
        form.Set("reason", "customer called, verified by phone");
        form.Set("key", "console-" + Guid.NewGuid().ToString("N"));
        form.Set("__RequestVerificationToken", csrf);
        return page.Context.APIRequest.PostAsync("/console/fraud?handler=Unfreeze", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleNodesCollection : ICollectionFixture<ConsoleNodesFixture>
{
    public const string Name = "Console on two instances";
}
