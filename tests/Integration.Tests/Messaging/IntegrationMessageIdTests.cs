using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Publishing;

namespace Ledger.Integration.Tests.Messaging;

public sealed class IntegrationMessageIdTests
{
    private static readonly Guid EventId = new("0190a7c2-1111-7222-8333-944455556666");

    [Theory]
    // Expected values computed independently with Python's uuid.uuid5(namespace, "{event id}/{contract}").
    [InlineData("ledger.payment-authorized.v1", "5fbb3af8-2d87-5753-a1d6-bb837f9066b8")]
    [InlineData("ledger.payment-refunded.v1", "2fe469c1-785a-5ad5-896c-71ccebb938d3")]
    public void The_message_id_is_the_standard_name_based_uuid_of_the_event_id_and_the_contract(string contract, string expected) =>
        Assert.Equal(new Guid(expected), IntegrationMessageId.For(EventId, contract));

    [Fact]
    public void The_same_event_and_contract_always_give_the_same_id_and_anything_else_another()
    {
        var contract = ContractNames.Of<PaymentAuthorizedIntegrationEvent>();
        var id = IntegrationMessageId.For(EventId, contract);

        Assert.Equal(id, IntegrationMessageId.For(new Guid(EventId.ToString()), contract));
        Assert.NotEqual(id, IntegrationMessageId.For(EventId, ContractNames.Of<PaymentDeclinedIntegrationEvent>()));
        Assert.NotEqual(id, IntegrationMessageId.For(Guid.NewGuid(), contract));
        Assert.Equal(5, id.Version);
    }
}
