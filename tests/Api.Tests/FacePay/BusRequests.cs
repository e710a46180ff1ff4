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

    /// <summary>Signed like HTTP with method BUS: "v1\nBUS\n/v1/face-payments\nunix-seconds\nnonce\nhex(SHA-256(body))".</summary>
    public static FacePaymentRequested Signed(TerminalCredential terminal, string body, string key, DateTimeOffset at)
    {
        var ts = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString("N");
        var toSign = $"v1\nBUS\n/v1/face-payments\n{ts}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(terminal.Secret), Encoding.UTF8.GetBytes(toSign)));
        return new FacePaymentRequested(terminal.KeyId, ts, nonce, signature, key, body);
    }
}
