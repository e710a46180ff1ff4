using System.Security.Cryptography;
using System.Text;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>A terminal on the bus, as docs/MESSAGING.md describes it (written from the description, not from the server's code).</summary>
internal static class BusRequests
{
    public static IRequestClient<FacePaymentRequested> Client(IServiceProvider services) =>
        services.GetRequiredService<IClientFactory>().CreateRequestClient<FacePaymentRequested>(RequestTimeout.After(s: 60));

    /// <summary>
    /// Signed like HTTP with method BUS, host "bus" and content type application/json: v2 (the default) as
    /// "v2=" + hex HMAC over "v2\nBUS\nbus\n/v1/face-payments\napplication/json\nidempotency-key\nunix-seconds\nnonce\nhex(SHA-256(body))",
    /// v1 as hex HMAC over "v1\nBUS\n/v1/face-payments\nunix-seconds\nnonce\nhex(SHA-256(body))".
    /// </summary>
    public static FacePaymentRequested Signed(TerminalCredential terminal, string body, string key, DateTimeOffset at, int version = 2)
    {
        var ts = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString("N");
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var toSign = version == 2
            ? $"v2\nBUS\nbus\n/v1/face-payments\napplication/json\n{key}\n{ts}\n{nonce}\n{bodyHash}"
            : $"v1\nBUS\n/v1/face-payments\n{ts}\n{nonce}\n{bodyHash}";
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(terminal.Secret), Encoding.UTF8.GetBytes(toSign)));
        return new FacePaymentRequested(terminal.KeyId, ts, nonce, version == 2 ? "v2=" + hex : hex, key, body);
    }
}
