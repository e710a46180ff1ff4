using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Contract;

/// <summary>
/// What the service answers is what the contract declares: every answer an operation gave (the status, the media
/// type, a problem's type URN) must be listed for that operation in /openapi/v1.json. Held against the answers of a
/// broad set of requests made here (a success and the refusals of each kind, per operation group) and against every
/// answer the API suite gave through this fixture before it (AnswerLog).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContractConformanceTests(ApiFixture api)
{
    // Served, and not part of the document: health (a plain health-check report), Prometheus text, the document itself.
    private static readonly string[] Undocumented = ["/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json"];

    // The browser console's pages and style sheet: HTML for people, not operations of the HTTP contract (docs/CONSOLE.md).
    private static bool IsConsole(string route) => route.TrimStart('/').StartsWith("console", StringComparison.Ordinal);

    [Fact]
    public async Task Every_answer_given_is_declared_for_its_operation()
    {
        await MakeRepresentativeRequestsAsync();
        var contract = new ServedContract(await api.AnonymousClient.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));

        var answers = api.Answers.Answers.Where(a => a.RoutePattern is not null && !Undocumented.Contains(a.RoutePattern) && !IsConsole(a.RoutePattern)).ToList();
        var violations = answers.Select(a => Violation(contract, a)).OfType<string>().Distinct().Order().ToList();

        Assert.True(answers.Count >= 20, $"only {answers.Count} answers were seen");
        Assert.True(violations.Count == 0, $"{violations.Count} answers the contract does not declare:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void An_undeclared_status_media_type_or_problem_type_is_a_violation()
    {
        var contract = new ServedContract(JsonDocument.Parse("""
            {"paths":{"/v1/things/{id}":{"get":{"responses":{
              "200":{"content":{"application/json":{}}},
              "404":{"content":{"application/problem+json":{}},"x-problem-types":["urn:ledger:problem:not-found"]}}}}}}
            """).RootElement);
        RecordedAnswer Answer(int status, string? media, string? type = null) => new("GET", "/v1/things/{id:guid}/", "/v1/things/1", status, media, type);

        Assert.Null(Violation(contract, Answer(200, "application/json")));
        Assert.Null(Violation(contract, Answer(404, "application/problem+json", "urn:ledger:problem:not-found")));
        Assert.NotNull(Violation(contract, Answer(409, "application/problem+json", "urn:ledger:problem:not-found")));
        Assert.NotNull(Violation(contract, Answer(200, "text/plain")));
        Assert.NotNull(Violation(contract, Answer(404, "application/problem+json", "urn:ledger:problem:gone")));
        Assert.NotNull(Violation(contract, new RecordedAnswer("POST", "/v1/things/{id:guid}/", "/v1/things/1", 200, "application/json", null)));
    }

    /// <summary>Why the answer breaks the contract, or null when the contract declares it.</summary>
    private static string? Violation(ServedContract contract, RecordedAnswer answer)
    {
        var path = ServedContract.PathOf(answer.RoutePattern!);
        var where = $"{answer.Method} {path} ({answer.Method} {answer.Target})";
        if (contract.Find(answer.Method, path) is not { } operation) return $"{where}: no such operation in the document";
        // 499: the client went away; nobody receives that answer.
        if (answer.Status == 499) return null;
        if (ServedContract.Answer(operation, answer.Status) is not var (media, types))
            return $"{where}: status {answer.Status} ({answer.ProblemType}) is not declared";
        if (answer.MediaType is { } type && !media.Contains(type))
            return $"{where}: {answer.Status} as {type} is not declared (declared: {string.Join(", ", media)})";
        if (answer.ProblemType is { } problem && !types.Contains(problem))
            return $"{where}: {answer.Status} problem {problem} is not listed (listed: {string.Join(", ", types)})";
        return null;
    }

    /// <summary>Per operation group: a success, and the refusals every kind of endpoint can give.</summary>
    private async Task MakeRepresentativeRequestsAsync()
    {
        var wallet = await OpenWalletAsync();
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":"20.00","currency":"EUR","reference":"r1"}""", Key());
        // Refusals: no credential, the wrong role, no such wallet, a rule, no key, malformed, a duplicate field, the wrong media type,
        // too large, a key reused with another body, a query the binder cannot read.
        await Send(api.AnonymousClient, HttpMethod.Get, $"/v1/wallets/{wallet}");
        await Send(api.AuditorClient, HttpMethod.Get, $"/v1/wallets/{wallet}");
        await Send(api.Client, HttpMethod.Get, $"/v1/wallets/{Guid.NewGuid()}");
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/payouts", """{"amount":"99.00","currency":"EUR","reference":"r2"}""", Key());
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":"1.00","currency":"EUR","reference":"r3"}""");
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":""", Key());
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":"1.00","amount":"9.00","currency":"EUR","reference":"r"}""", Key());
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", "amount=1", Key(), "text/plain");
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", $"{{\"reference\":\"{new string('x', 70_000)}\"}}", Key());
        var reused = Key();
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":"1.00","currency":"EUR","reference":"r4"}""", reused);
        await Send(api.Client, HttpMethod.Post, $"/v1/wallets/{wallet}/top-ups", """{"amount":"2.00","currency":"EUR","reference":"r4"}""", reused);
        await Send(api.Client, HttpMethod.Get, $"/v1/wallets/{wallet}/payments?limit=many");

        var terminal = await api.RegisterTerminalAsync();
        await Send(api.Client, HttpMethod.Get, $"/v1/terminals/{terminal.TerminalId}");
        await Send(api.Client, HttpMethod.Get, $"/v1/merchants/{terminal.MerchantId}");
        await Send(api.Client, HttpMethod.Post, $"/v1/terminals/{terminal.TerminalId}/keys", "{}", Key());
        await Send(api.Client, HttpMethod.Post, $"/v1/merchants/{terminal.MerchantId}/reinstate", null, Key());
        // Terminals: unsigned, signed with a wrong body for another terminal, a code that is no code.
        await Send(api.Client, HttpMethod.Post, "/v1/payments", """{"terminalId":"00000000-0000-0000-0000-000000000001"}""", Key());
        await api.PostSignedAsync(terminal, "/v1/payments", new { terminalId = Guid.NewGuid(), amount = "1.00", currency = "EUR", paymentCode = "1" }, Key());
        await api.PostSignedAsync(terminal, "/v1/payments",
            new { terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", paymentCode = "81000000000000000000" }, Key());
        await api.Client.SendAsync(api.Signed(terminal, "/v1/face-payments/policy", "", null, "GET"));

        await Send(api.Client, HttpMethod.Get, "/v1/ledger/trial-balance");
        await Send(api.AuditorClient, HttpMethod.Get, $"/v1/ledger/journal?account=wallet:{wallet}");
        await Send(api.AuditorClient, HttpMethod.Get, "/v1/ledger/journal?after=yesterday");
        await Send(api.Client, HttpMethod.Get, "/v1/fraud/alerts?subject=nobody");
        await Send(api.AuditorClient, HttpMethod.Get, $"/v1/audit/state/wallet/{wallet}");
        await Send(api.AuditorClient, HttpMethod.Get, $"/v1/audit/state/planet/{wallet}");
        await Send(api.AuditorClient, HttpMethod.Get, $"/v1/audit/payments/{Guid.NewGuid()}/explanation");
        await Send(api.AnonymousClient, HttpMethod.Get, "/v1/audit/public-key");
        await Send(api.AnonymousClient, HttpMethod.Put, "/v1/face-pin",
            """{"credential":"000000000001","pin":"1234","timestamp":1,"proof":"00000000000000000000000000000000000000000000000000000000000000ff"}""", Key());
    }

    private async Task<Guid> OpenWalletAsync()
    {
        var opened = await Send(api.Client, HttpMethod.Post, "/v1/wallets",
            """{"customerName":"Contract","phoneNumber":"+4915100000001","currency":"EUR"}""", Key());
        return JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("walletId").GetGuid();
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? json = null, string? key = null,
        string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, mediaType) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string Key() => Guid.NewGuid().ToString("N");
}
