using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Cookie = Microsoft.Playwright.Cookie;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>Signing in and out of the console in a real browser, and what a token and a session cookie may never do.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_auditor_signs_in_with_the_token_and_signing_out_ends_the_session_on_the_server()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.ScreenshotAsync(page, "sign-in");
        await page.FillAsync("#token", console.AuditorToken);
        await page.ClickAsync("form.sign-in button");

        Assert.EndsWith("/console", page.Url);
        Assert.Contains("auditor:setup-auditor-", await page.TextContentAsync("main"));
        await ConsoleFixture.ScreenshotAsync(page, "home-auditor");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "ledger-console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/console", session.Path);

        await page.ClickAsync("form.sign-out button");
        Assert.Contains("/console/sign-in", page.Url);
        Assert.Contains("You are signed out", await page.TextContentAsync("main"));

        // The old cookie, replayed by someone who copied it, opens nothing: the session ended on the server.
        var thief = await console.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.BaseUrl });
        await thief.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path }]);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync("/console/streams");
        Assert.Contains("/console/sign-in", stolen.Url);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_a_clear_error_and_starts_no_session()
    {
        var page = await console.NewPageAsync();
        await page.FillAsync("#token", "lgr_" + new string('x', 43));
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.sign-in button"),
            r => r.Url.EndsWith("/console/sign-in") && r.Request.Method == "POST");

        Assert.Equal(401, answer.Status);
        Assert.Contains("unknown, revoked or expired", await page.TextContentAsync(".error"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ledger-console");
        await ConsoleFixture.ScreenshotAsync(page, "sign-in-refused");
    }

    [Fact]
    public async Task The_token_never_appears_in_a_page_a_url_or_what_scripts_can_read()
    {
        var page = await console.SignedInAsync(console.OperatorToken);
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        foreach (var path in new[] { "/console", "/console/finance", "/console/fraud" })
        {
            await page.GotoAsync(path);
            Assert.DoesNotContain(console.OperatorToken, await page.ContentAsync());
        }
        Assert.DoesNotContain(urls, u => u.Contains(console.OperatorToken, StringComparison.Ordinal) || u.Contains("token=", StringComparison.Ordinal));
        // HttpOnly: the session cookie is not in document.cookie; nothing is kept in the browser's storage.
        Assert.DoesNotContain("ledger-console", await page.EvaluateAsync<string>("document.cookie"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length + sessionStorage.length"));
    }

    [Fact]
    public async Task A_forged_session_cookie_opens_nothing()
    {
        var context = await console.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.BaseUrl });
        await context.AddCookiesAsync([new Cookie { Name = "ledger-console", Value = "forged-" + Guid.NewGuid(), Url = console.BaseUrl + "/console" }]);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/finance");
        Assert.Contains("/console/sign-in", page.Url);
        var post = await context.APIRequest.PostAsync("/console/sign-out", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(401, post.Status);
        Assert.Contains("Not signed in", await post.TextAsync());
    }

    [Fact]
    public async Task Every_console_answer_forbids_framing_and_inline_script_and_the_pages_carry_no_script()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var answer = await page.GotoAsync("/console/streams");
        var headers = await answer!.AllHeadersAsync();

        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Contains("default-src 'none'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("no-store", headers["cache-control"]);
        Assert.DoesNotContain("<script", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        var css = await page.Context.APIRequest.GetAsync("/console/assets/console.css");
        Assert.Equal(200, css.Status);
        Assert.StartsWith("text/css", css.Headers["content-type"]);
    }

    [Fact]
    public async Task Wrong_tokens_from_one_address_are_rate_limited_and_other_addresses_are_not()
    {
        // Each client from an address of its own on the loopback network: the bucket is per address.
        using var guesser = FromAddress("127.0.0.2");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) statuses.Add((await SignInAsync(guesser, "lgr_wrong" + i)).StatusCode);

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        // While the bucket is empty even the right token is not looked at.
        var right = await SignInAsync(guesser, console.AuditorToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Too many wrong tokens", await right.Content.ReadAsStringAsync());

        using var other = FromAddress("127.0.0.3");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(other, console.AuditorToken)).StatusCode);
    }

    private HttpClient FromAddress(string address)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(console.BaseUrl) };
    }

    /// <summary>What the sign-in form sends: its antiforgery token (from the form, with its cookie) and the token typed.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token)
    {
        var form = await client.GetStringAsync("/console/sign-in");
        var csrf = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["__RequestVerificationToken"] = csrf,
        }));
    }
}
