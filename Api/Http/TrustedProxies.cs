using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ledger.Api.Http;

/// <summary>
/// The client's address behind a reverse proxy. <c>X-Forwarded-For</c> is believed only from the proxies named in
/// <c>Ledger:Proxy:KnownProxies</c> (addresses) or <c>Ledger:Proxy:KnownNetworks</c> (CIDR ranges), and only its last
/// entry, the one the proxy itself appended: anything a client wrote before it is its own claim. Unset (the default),
/// the header is ignored and the address is the connection's, so nobody can pick the bucket their requests count
/// against (RequestRateLimits). ASP.NET Core's own defaults (loopback trusted) are cleared, not extended.
/// </summary>
public static class TrustedProxies
{
    public const string ProxiesSetting = "Ledger:Proxy:KnownProxies";
    public const string NetworksSetting = "Ledger:Proxy:KnownNetworks";

    /// <summary>The options, or null when no proxy is trusted.</summary>
    /// <exception cref="InvalidOperationException">A listed address or range does not parse: the service refuses to start.</exception>
    public static ForwardedHeadersOptions? From(IConfiguration configuration)
    {
        var proxies = List(configuration[ProxiesSetting]);
        var networks = List(configuration[NetworksSetting]);
        if (proxies.Length == 0 && networks.Length == 0) return null;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1, RequireHeaderSymmetry = false };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{ProxiesSetting}: '{proxy}' is not an IP address (list addresses separated by commas)."));
        foreach (var network in networks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"{NetworksSetting}: '{network}' is not a CIDR range such as 172.28.0.0/24."));
        return options;
    }

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
