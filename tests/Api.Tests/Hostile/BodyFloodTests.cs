using System.Collections.Concurrent;
using Xunit.Abstractions;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// 500 requests of 7.5 MB at once, at the face-payment endpoint: unsigned ones, and forged ones under a real terminal's
/// key id (it travels in clear) with a wrong signature, which can only be refused once the body is read. Before the
/// body budget such a flood grew the service to 3.5 GB, kept 2.9 GB afterwards and answered after 150 s. Now no body is
/// read before its headers hold, and the bodies read at once fit a budget (RequestBodyBudget): the service's own
/// process (measured apart from the test host) stays under <see cref="CeilingMiB"/> at its peak, stays ready, and
/// still serves the genuine terminal afterwards.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BodyFloodTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated ceiling of the service's resident memory at its peak. Without the budget this flood peaked at 3,450-3,618
    /// MiB. With it, the peak is the networks (the service idles at about 600 MiB with them loaded), the 64 MiB of bodies
    /// read at once, and the refused bodies' garbage until the GC returns it: 1,063-1,237 MiB with the test alone and
    /// 1,544 MiB once inside the whole suite on the 2-core machine (2026-12-04), so 1,536 failed by chance. Generous on
    /// purpose: the measurement must not be flaky, and the failure it guards against is well above it.
    /// </summary>
    private const long CeilingMiB = 2048;

    private const int Requests = 500;
    private const int BodyBytes = 7_500_000;

    [Fact]
    public async Task Attack_500_bodies_of_7_5_MB_unsigned_or_forged_under_a_real_key_id_keep_the_service_under_its_memory_ceiling_and_ready()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            // Only the body budget stands between the flood and the memory: the token buckets would refuse most of it first.
            ["RateLimits__PerTerminalKeyPerSecond"] = "0",
            ["RateLimits__PerClientAddressPerSecond"] = "0",
        });
        var terminal = await service.RegisterTerminalAsync();
        var body = new ReadOnlyMemory<byte>(new byte[BodyBytes]);
        using var flood = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Requests })
            { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(15) };
        using var probe = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(5) };
        var readiness = new ConcurrentQueue<(HttpStatusCode Status, string Body)>();
        using var flooding = new CancellationTokenSource();
        var probing = ProbeReadinessAsync(probe, readiness, flooding.Token);

        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => SendAsync(flood, Forged(terminal, i, body, signed: i % 5 != 0))));
        await flooding.CancelAsync();
        await probing;
        var (current, peak) = service.Memory();

        var statuses = answers.Where(a => a.Status is not null).GroupBy(a => a.Status!.Value).ToDictionary(g => g.Key, g => g.Count());
        var summary = $"answers {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}, no answer {answers.Count(a => a.Status is null)}; " +
                      $"peak {peak} MiB, now {current} MiB; readiness {string.Join(", ", readiness.Select(r => r.Status == HttpStatusCode.OK ? "200" : $"{(int)r.Status} {r.Body}"))}";
        output.WriteLine(summary);
        Assert.False(service.HasExited, $"{summary}\n{service.Output}");
        Assert.True(peak < CeilingMiB, $"The service peaked at {peak} MiB, over its ceiling of {CeilingMiB} MiB: {summary}");
        // Refused, or asked to come back: never a 500, never accepted.
        Assert.All(statuses.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable }));
        // The forged bodies were read and their signatures checked (not merely turned away), within the budget.
        Assert.Contains(answers, a => a.Type == "urn:ledger:problem:signature-invalid");
        Assert.NotEmpty(readiness);
        Assert.True(readiness.All(r => r.Status == HttpStatusCode.OK), $"Not ready during the flood: {summary}");
        // The genuine terminal is served afterwards.
        using var genuine = TerminalRequests.Sign(terminal, "/v1/face-payments/policy", "", null, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "GET");
        genuine.Headers.Host = ApiFixture.TestHost;
        var policy = await probe.SendAsync(genuine);
        Assert.True(policy.StatusCode == HttpStatusCode.OK, $"{(int)policy.StatusCode} {await policy.Content.ReadAsStringAsync()}; {summary}");
    }

    private static HttpRequestMessage Forged(TerminalCredential terminal, int i, ReadOnlyMemory<byte> body, bool signed)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/face-payments") { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", $"flood-{i}");
        if (!signed) return request;
        request.Headers.Add("X-Terminal-Key", terminal.KeyId);
        request.Headers.Add("X-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Nonce", $"flood-{i}-{Guid.NewGuid():N}");
        request.Headers.Add("X-Signature", "v2=" + new string('0', 64));
        return request;
    }

    private static async Task<(HttpStatusCode? Status, string? Type)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var type = text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.TryGetProperty("type", out var t) ? t.GetString() : null : null;
                return (response.StatusCode, type);
            }
            // A connection the service closed while the client was still sending a body it had already answered (or refused
            // to wait for): no answer reached this client, and nothing was done.
            catch (HttpRequestException) { return (null, null); }
        }
    }

    private static async Task ProbeReadinessAsync(HttpClient probe, ConcurrentQueue<(HttpStatusCode, string)> statuses, CancellationToken flooding)
    {
        while (!flooding.IsCancellationRequested)
        {
            using var ready = await probe.GetAsync("/health/ready", CancellationToken.None);
            statuses.Enqueue((ready.StatusCode, await ready.Content.ReadAsStringAsync(CancellationToken.None)));
            try { await Task.Delay(TimeSpan.FromSeconds(1), flooding); }
            catch (OperationCanceledException) { }
        }
    }
}
