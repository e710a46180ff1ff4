using Ledger.Verifier;

namespace Ledger.Api.Tests.Deployment;

/// <summary>
/// The offline verifier is a library a regulator can build and read on its own (issue 15): the pure Domain and Ed25519,
/// nothing of the database, the web or the messaging. A reference slipped in here would fail this test, not go unseen.
/// </summary>
public sealed class VerifierLibraryTests
{
    [Fact]
    public void The_export_verifier_depends_on_the_domain_ed25519_and_the_runtime_only()
    {
        var references = typeof(ExportVerifier).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var foreign = references.Where(name => !name.StartsWith("System", StringComparison.Ordinal)
                                               && name is not ("Ledger.Domain" or "NSec.Cryptography" or "netstandard")).ToList();
        Assert.True(foreign.Count == 0, "the verifier references " + string.Join(", ", foreign));
        Assert.Contains("Ledger.Domain", references);
        Assert.DoesNotContain(typeof(ExportVerifier).Assembly.GetTypes(), t => t.Namespace?.StartsWith("Ledger.Infrastructure", StringComparison.Ordinal) == true);
    }
}
