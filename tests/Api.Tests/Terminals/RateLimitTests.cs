using System.Net;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Terminals;

/// <summary>A flood from one terminal key is refused before any key is looked up or any body read.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Attack_a_burst_past_a_terminal_keys_bucket_is_429_whether_or_not_the_key_exists()
    {
        // Two requests per key, refilled once an hour: the third is refused whatever the machine's speed.
        await using var service = await SeparateService.StartAsync(web => web
            .UseSetting("RateLimits:PerTerminalKeyPerSecond", "1")
            .UseSetting("RateLimits:PerClientAddressPerSecond", "0")
            .UseSetting("RateLimits:PeriodSeconds", "3600"));
        var forged = new TerminalCredential(Guid.NewGuid(), Guid.NewGuid(), "tk_" + Guid.NewGuid().ToString("N"), "not-a-secret");
        var fixtureForSigning = new ApiFixture();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await service.Client.SendAsync(fixtureForSigning.Signed(forged, "/v1/payments", "{}", ApiFixture.Key()))).StatusCode);
        var refused = await service.Client.SendAsync(fixtureForSigning.Signed(forged, "/v1/payments", "{}", ApiFixture.Key()));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        await TerminalPayments.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        // Another key has a bucket of its own.
        var other = forged with { KeyId = "tk_" + Guid.NewGuid().ToString("N") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.SendAsync(fixtureForSigning.Signed(other, "/v1/payments", "{}", ApiFixture.Key()))).StatusCode);
    }
}
