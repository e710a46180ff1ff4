using System.Net;
using System.Text;

namespace Ledger.Terminal.Tests.Http;

/// <summary>A stand-in for the network: answers each try as the test scripts it, and keeps what was sent.</summary>
public sealed class ScriptedHandler(Func<int, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public ScriptedHandler(Func<int, HttpResponseMessage> answer) : this(n => Task.FromResult(answer(n))) { }

    public sealed record Sent(Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
    {
        public string Header(string name) => Headers[name];
    }

    public List<Sent> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        lock (Requests)
            Requests.Add(new Sent(request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
                request.Content?.Headers.ContentType?.ToString(), body));
        return await answer(Requests.Count).WaitAsync(ct);
    }

    public static HttpResponseMessage Json(int status, string json, string? retryAfter = null, bool replayed = false)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (retryAfter is not null) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        if (replayed) response.Headers.Add("Idempotent-Replayed", "true");
        return response;
    }

    public static HttpResponseMessage Problem(int status, string code, string? retryAfter = null) =>
        Json(status, $"{{\"type\":\"urn:ledger:problem:{code}\",\"title\":\"t\",\"status\":{status},\"detail\":\"d\"}}", retryAfter);

    public static HttpResponseMessage Decision(string status, string? reason = null, bool replayed = false) =>
        Json(201, $"{{\"paymentId\":\"0f8e2d4c-6b1a-4c3e-9d5f-7a2b4c6d8e0f\",\"status\":\"{status}\",\"reason\":{(reason is null ? "null" : $"\"{reason}\"")}," +
                  "\"amount\":{\"amount\":\"12.90\",\"currency\":\"EUR\",\"minor\":1290},\"decidedAt\":\"2026-01-01T00:00:01+00:00\"}", replayed: replayed);
}

/// <summary>A clock stopped at one instant (Polly's delays still run on it: they are asked to be zero or short).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
