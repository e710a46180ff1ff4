using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;
using Ledger.Terminal.Signing;

namespace Ledger.Terminal.Tests.Http;

/// <summary>
/// When the terminal asks again, and that it always asks with the same body under the same key (signed anew): a retry
/// happens only where no decision was made. Against the real service: tests/Api.Tests/Terminals/TerminalRetryTests.
/// </summary>
public sealed class RetryTests
{
    private static readonly TerminalCredentials Terminal = new(Guid.NewGuid(), "tk_test", "secret");

    private static readonly TerminalClientOptions Quick = new()
    {
        MaxRetries = 3, FirstDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(30),
        TotalTimeout = TimeSpan.FromMinutes(2),
    };

    private static (TerminalClient Client, ScriptedHandler Network) Till(Func<int, HttpResponseMessage> answer, TerminalClientOptions? options = null)
    {
        var network = new ScriptedHandler(answer);
        return (new TerminalClient(new HttpClient(network) { BaseAddress = new Uri("http://ledger.test") }, Terminal, options ?? Quick), network);
    }

    private static Task<PaymentOutcome> Pay(TerminalClient client, CancellationToken ct = default) =>
        client.PayWithCodeAsync(Amount.Parse("12.90", "EUR"), "81000000000042123456784", "till-7-000123", ct);

    [Fact]
    public async Task Given_the_first_answer_lost_when_paying_then_the_retry_sends_the_same_body_under_the_same_key_with_a_new_nonce()
    {
        var (client, network) = Till(n => n == 1 ? throw new HttpRequestException("connection reset") : ScriptedHandler.Decision("authorized", replayed: true));

        var outcome = await Pay(client);

        var authorized = Assert.IsType<PaymentOutcome.Authorized>(outcome);
        Assert.True(authorized.Replayed);
        Assert.Equal(2, authorized.Attempts);
        Assert.Equal(2, network.Requests.Count);
        Assert.Single(network.Requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(network.Requests.Select(r => r.Body).Distinct());
        Assert.Equal(2, network.Requests.Select(r => r.Header("X-Nonce")).Distinct().Count());
    }

    [Theory]
    [InlineData("authorized", null)]
    [InlineData("declined", "payment_code_invalid")]
    public async Task A_decision_is_never_sent_again(string status, string? reason)
    {
        var (client, network) = Till(_ => ScriptedHandler.Decision(status, reason));

        var outcome = await Pay(client);

        Assert.Single(network.Requests);
        Assert.Equal(1, outcome.Attempts);
        if (reason is null) Assert.IsType<PaymentOutcome.Authorized>(outcome);
        else Assert.Equal(reason, Assert.IsType<PaymentOutcome.Declined>(outcome).Reason);
    }

    [Theory]
    [InlineData(400, "validation")]
    [InlineData(401, "signature-invalid")]
    [InlineData(403, "terminal-not-active")]
    [InlineData(409, "idempotency-conflict")]
    [InlineData(422, "pin-required")]
    [InlineData(429, "too-many-failed-attempts")]
    [InlineData(500, "internal")]
    public async Task A_refusal_is_final_and_typed_with_its_problem(int status, string code)
    {
        var (client, network) = Till(_ => ScriptedHandler.Problem(status, code));

        var refused = Assert.IsType<PaymentOutcome.Refused>(await Pay(client));

        Assert.Single(network.Requests);
        Assert.Equal((status, "urn:ledger:problem:" + code, code), (refused.Status, refused.ProblemType, refused.Code));
    }

    [Theory]
    [InlineData(503, "store-unavailable", "0")]
    [InlineData(503, "busy", null)]
    [InlineData(429, "rate-limited", "0")]
    [InlineData(409, "contention", null)]
    [InlineData(401, "replayed", null)]
    public async Task No_decision_yet_is_asked_again_under_the_same_key(int status, string code, string? retryAfter)
    {
        var (client, network) = Till(n => n == 1 ? ScriptedHandler.Problem(status, code, retryAfter) : ScriptedHandler.Decision("authorized", replayed: true));

        Assert.IsType<PaymentOutcome.Authorized>(await Pay(client));

        Assert.Equal(2, network.Requests.Count);
        Assert.Single(network.Requests.Select(r => (r.Header("Idempotency-Key"), r.Body)).Distinct());
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_terminal_waits_is_no_answer_at_once()
    {
        var (client, network) = Till(_ => ScriptedHandler.Problem(503, "busy", "3600"));

        var unanswered = Assert.IsType<PaymentOutcome.Unanswered>(await Pay(client));

        Assert.Single(network.Requests);
        Assert.Equal(503, unanswered.LastStatus);
    }

    [Fact]
    public async Task When_every_try_fails_the_outcome_is_unanswered_and_carries_the_request_to_send_again()
    {
        var (client, network) = Till(_ => throw new HttpRequestException("no route to host"));

        var unanswered = Assert.IsType<PaymentOutcome.Unanswered>(await Pay(client));

        Assert.Equal(1 + Quick.MaxRetries, network.Requests.Count);
        Assert.Equal(1 + Quick.MaxRetries, unanswered.Attempts);
        Assert.IsType<HttpRequestException>(unanswered.LastError);
        Assert.Equal("till-7-000123", unanswered.Request.IdempotencyKey);
        Assert.Equal(network.Requests[0].Body, System.Text.Encoding.UTF8.GetString(unanswered.Request.Body));

        // Sent again later: the same bytes under the same key.
        var (again, network2) = Till(_ => ScriptedHandler.Decision("authorized", replayed: true));
        Assert.IsType<PaymentOutcome.Authorized>(await again.PayAsync(unanswered.Request));
        Assert.Equal(network.Requests[0].Body, network2.Requests[0].Body);
    }

    [Fact]
    public async Task With_no_retries_allowed_one_try_is_all()
    {
        var (client, network) = Till(_ => throw new HttpRequestException("connection reset"), Quick with { MaxRetries = 0 });

        Assert.IsType<PaymentOutcome.Unanswered>(await Pay(client));
        Assert.Single(network.Requests);
    }

    [Fact]
    public async Task A_try_that_hangs_is_abandoned_at_the_attempt_timeout_and_retried()
    {
        var network = new ScriptedHandler(async n =>
        {
            if (n == 1) await Task.Delay(Timeout.Infinite);
            return ScriptedHandler.Decision("authorized", replayed: true);
        });
        var client = new TerminalClient(new HttpClient(network) { BaseAddress = new Uri("http://ledger.test") }, Terminal,
            Quick with { AttemptTimeout = TimeSpan.FromMilliseconds(200) });

        Assert.IsType<PaymentOutcome.Authorized>(await Pay(client));
        Assert.Equal(2, network.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_stops_at_once_and_tries_nothing_more()
    {
        using var cancel = new CancellationTokenSource();
        var (client, network) = Till(_ =>
        {
            cancel.Cancel();
            throw new HttpRequestException("connection reset");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pay(client, cancel.Token));
        Assert.Single(network.Requests);
    }

    [Fact]
    public async Task The_total_time_limit_ends_the_tries_as_unanswered()
    {
        var network = new ScriptedHandler(async _ =>
        {
            await Task.Delay(Timeout.Infinite);
            return ScriptedHandler.Decision("authorized");
        });
        var client = new TerminalClient(new HttpClient(network) { BaseAddress = new Uri("http://ledger.test") }, Terminal,
            Quick with { TotalTimeout = TimeSpan.FromMilliseconds(300) });

        var unanswered = Assert.IsType<PaymentOutcome.Unanswered>(await Pay(client));
        Assert.Null(unanswered.LastStatus);
    }
}
