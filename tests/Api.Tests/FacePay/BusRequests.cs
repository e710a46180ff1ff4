using System.Text;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Terminal.Payments;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// A terminal on the bus, signing with the terminal SDK (<see cref="Ledger.Terminal.Bus.BusTerminalClient.Sign"/>). The messages are the service's
/// own records here (the tests bend their fields); the SDK's records carry the same wire names (<see cref="Ledger.Terminal.Bus.WireNames"/>).
/// </summary>
internal static class BusRequests
{
    public static IRequestClient<FacePaymentRequested> Client(IServiceProvider services) =>
        services.GetRequiredService<IClientFactory>().CreateRequestClient<FacePaymentRequested>(RequestTimeout.After(s: 60));

    /// <summary>Signed as the SDK signs: v2, method BUS, host "bus", content type application/json, over the idempotency key.</summary>
    public static FacePaymentRequested Signed(TerminalCredential terminal, string body, string key, DateTimeOffset at)
    {
        var sdk = new Ledger.Terminal.Bus.BusTerminalClient((_, _) => throw new InvalidOperationException("signs only"), terminal.Sdk, new Ledger.Terminal.Http.TerminalClientOptions { Time = new At(at) });
        var m = sdk.Sign(PreparedRequest.Post("/v1/face-payments", key, Encoding.UTF8.GetBytes(body)));
        return new FacePaymentRequested(m.KeyId, m.Timestamp, m.Nonce, m.Signature, m.IdempotencyKey, m.Body);
    }

    private sealed class At(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
