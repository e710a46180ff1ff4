using System.Text.Json;
using Ledger.Infrastructure.Messaging.Contracts;
using MassTransit;
using MassTransit.Serialization;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>
/// Pins the published contracts as they go on the wire (message type URN, exchange name, JSON body
/// written by MassTransit's serializer), so that any change to a contract is a visible diff in review.
/// </summary>
public sealed class ContractSnapshotTests
{
    private static readonly Guid Payment = new("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Wallet = new("22222222-2222-2222-2222-222222222222");
    private static readonly Guid Merchant = new("33333333-3333-3333-3333-333333333333");
    private static readonly Guid Terminal = new("44444444-4444-4444-4444-444444444444");
    private static readonly Guid Refund = new("55555555-5555-5555-5555-555555555555");
    private static readonly Guid Source = new("66666666-6666-6666-6666-666666666666");
    private static readonly Guid Alert = new("77777777-7777-7777-7777-777777777777");
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_published_contracts_look_like_this_on_the_wire()
    {
        IIntegrationEvent[] contracts =
        [
            new PaymentAuthorizedIntegrationEvent(Payment, Wallet, Merchant, Terminal, 1290, "EUR", Source, 41, At),
            new PaymentDeclinedIntegrationEvent(Payment, Wallet, Merchant, Terminal, 10000, "EUR", "InsufficientFunds", Source, 42, At),
            new PaymentRefundedIntegrationEvent(Payment, Refund, Wallet, Merchant, 290, 290, "EUR", Source, 43, At),
            new WalletFrozenIntegrationEvent(Wallet, "card reported stolen", Source, 44, At),
            new FaceVerificationFailedIntegrationEvent(Payment, Wallet, Merchant, Terminal, 1290, "EUR", "FaceNoMatch", "NoMatch", Source, 45, At),
            new FraudAlertRaisedIntegrationEvent(Alert, "terminal", Terminal, "terminal_face_failures", "High", "fraud-2026-11",
                [Payment, Refund], Source, 46, At),
        ];

        Snapshot.Match(contracts.Select(c => new
        {
            messageType = MessageUrn.ForType(c.GetType()).ToString(),
            exchange = ContractNames.Of(c.GetType()),
            body = JToken.Parse(JsonSerializer.Serialize(c, c.GetType(), SystemTextJsonMessageSerializer.Options)),
        }).ToList());
    }
}
