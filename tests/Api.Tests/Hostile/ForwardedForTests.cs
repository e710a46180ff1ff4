using System.Net;
using Ledger.Api.Http;
using Ledger.Api.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// X-Forwarded-For against the per-address request bucket, with the service in a process of its own (a real socket,
/// so a real client address). A bucket here holds 200 requests and refills at 100 a day. The partitioned buckets refill
/// continuously, a fraction at a time, not once per period: at 100 per 10 minutes a token came back every 6 s, and on a
/// loaded machine, where draining took 20 s, a request after the drain was let through. At 100 a day one comes back every
/// 14 minutes, so what a test counts does not depend on timing. The start-up's readiness probes come from the test's own
/// address and use up part of its bucket, which is why the untrusted cases drain the bucket first instead of counting to 200.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ForwardedForTests
{
    private const int Bucket = 200;

    [Fact]
    public async Task Attack_a_client_that_writes_X_Forwarded_For_itself_still_counts_against_its_own_address()
    {
        await using var service = await ServiceProcess.StartAsync(Limits());

        await DrainWithNewAddressesAsync(service);

        // Each request claims yet another address; all of them count against the connection's.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(service, $"198.51.100.{i + 1}"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_bucket_and_only_the_entry_the_proxy_appended_counts()
    {
        await using var service = await ServiceProcess.StartAsync(Limits(("Ledger__Proxy__KnownProxies", "127.0.0.1")));

        for (var i = 0; i < Bucket; i++) Assert.Equal(HttpStatusCode.OK, await GetAsync(service, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(service, "203.0.113.7"));
        // Another customer behind the same proxy is not throttled by the first.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(service, "198.51.100.9"));
        // The throttled client writes someone else's address first; the proxy appends the real one, which is what counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(service, "198.51.100.9, 203.0.113.7"));
    }

    [Fact]
    public async Task A_proxy_that_is_not_listed_is_not_believed()
    {
        await using var service = await ServiceProcess.StartAsync(Limits(("Ledger__Proxy__KnownNetworks", "10.20.0.0/16")));

        await DrainWithNewAddressesAsync(service);

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(service, "198.51.100.1"));
    }

    /// <summary>Requests, each claiming a new address, until one is refused: within one bucket's worth.</summary>
    private static async Task DrainWithNewAddressesAsync(ServiceProcess service)
    {
        for (var i = 0; i <= Bucket; i++)
            if (await GetAsync(service, $"203.0.113.{i + 1}") == HttpStatusCode.TooManyRequests) return;
        Assert.Fail($"{Bucket + 1} requests claiming {Bucket + 1} addresses were all answered: each claim got a bucket of its own");
    }

    [Theory]
    [InlineData(TrustedProxies.ProxiesSetting, "proxy.internal", "is not an IP address")]
    [InlineData(TrustedProxies.ProxiesSetting, "10.0.0.1, 10.0.0.300", "'10.0.0.300' is not an IP address")]
    [InlineData(TrustedProxies.NetworksSetting, "10.0.0.0/33", "is not a CIDR range")]
    [InlineData(TrustedProxies.NetworksSetting, "10.0.0.1", "is not a CIDR range")]
    public void A_proxy_setting_that_does_not_parse_stops_the_service_at_start(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => TrustedProxies.From(configuration));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_nothing_is_trusted_not_even_loopback()
    {
        Assert.Null(TrustedProxies.From(new ConfigurationBuilder().Build()));
        var options = TrustedProxies.From(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { [TrustedProxies.ProxiesSetting] = "172.28.10.10" }).Build())!;
        Assert.Equal([IPAddress.Parse("172.28.10.10")], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);
    }

    private static Dictionary<string, string> Limits(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["RateLimits__PerClientAddressPerSecond"] = (Bucket / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), ["RateLimits__PeriodSeconds"] = "86400", ["RateLimits__PerTerminalKeyPerSecond"] = "0",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static async Task<HttpStatusCode> GetAsync(ServiceProcess service, string forwardedFor)
    {
        using var client = new HttpClient { BaseAddress = service.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }
}
