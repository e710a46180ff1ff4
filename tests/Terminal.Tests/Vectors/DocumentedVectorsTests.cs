namespace Ledger.Terminal.Tests.Vectors;

public sealed class DocumentedVectorsTests
{
    [Fact]
    public void Docs_terminals_publishes_every_vector_the_tests_check() =>
        Assert.Equal(["bus-request-and-reply", "device-key-ed25519", "device-key-es256", "request-signature"], DocumentedVectors.Names.Order());
}
