using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ledger.Api.Http;

/// <summary>
/// Token buckets in front of everything, before a credential is looked up or a body read: one per terminal key (the
/// <c>X-Terminal-Key</c> header, whatever the key is worth) and one per client address. They bound what one till or
/// one host can make the service do; the attempt limit on the terminal's stream (TerminalAttempts) is what stops a
/// till that guesses. Configuration <c>RateLimits:PerTerminalKeyPerSecond</c> and <c>RateLimits:PerClientAddressPerSecond</c>
/// (a burst of twice as many is allowed); 0 turns a bucket off.
/// </summary>
public static class RequestRateLimits
{
    /// <param name="PeriodSeconds">How often the buckets refill (the rates are per period); 1 unless a test needs a bucket that stays empty.</param>
    public sealed record Options(int PerTerminalKeyPerSecond, int PerClientAddressPerSecond, int PeriodSeconds = 1)
    {
        /// <summary>A till makes a payment every few seconds; a store's hosts share an address. Far above both, far below a flood.</summary>
        public static readonly Options Default = new(50, 500);

        public static Options From(IConfiguration configuration) => new(
            configuration.GetValue("RateLimits:PerTerminalKeyPerSecond", Default.PerTerminalKeyPerSecond),
            configuration.GetValue("RateLimits:PerClientAddressPerSecond", Default.PerClientAddressPerSecond),
            Math.Max(1, configuration.GetValue("RateLimits:PeriodSeconds", Default.PeriodSeconds)));
    }

    public static WebApplicationBuilder AddRequestRateLimits(this WebApplicationBuilder builder)
    {
        var options = Options.From(builder.Configuration);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    http.Request.Headers[Terminals.TerminalAuthentication.KeyHeader].ToString() is { Length: > 0 and <= 128 } key
                        ? Bucket("key:" + key, options.PerTerminalKeyPerSecond, options.PeriodSeconds)
                        : RateLimitPartition.GetNoLimiter("no-key")),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    Bucket("address:" + http.Connection.RemoteIpAddress, options.PerClientAddressPerSecond, options.PeriodSeconds)));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = "1";
                await Problems.Of(429, "rate_limited", "Too many requests.",
                    "This terminal key or client address sent more requests than it may; retry after a second.").ExecuteAsync(http);
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int periodSeconds) =>
        perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond * 2,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(periodSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}
