namespace Ledger.Api.Tests.Deployment;

/// <summary>
/// The service keeps only what it serves (#15): the operators' command line is the <c>ledger</c> tool and the model
/// importer with its ONNX writer is set-up tooling, so neither is in the service's assemblies nor in what it publishes.
/// </summary>
public sealed class ServiceContentsTests
{
    // Not Spectre.Console: Marten's own command line (JasperFx) brings it to every Marten host.
    private static readonly string[] NotServed = ["ledger", "Ledger.Vision.Import", "System.CommandLine"];

    [Fact]
    public void The_service_assembly_references_neither_the_tool_nor_the_importer()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Ledger.Vision", references);
        Assert.All(NotServed, name => Assert.DoesNotContain(name, references));
    }

    [Fact]
    public void The_published_service_holds_neither_the_tool_nor_the_importer()
    {
        // What the API image holds: scripts/test.sh publishes it as docker/Dockerfile does; else the service's own dependencies.
        var published = Environment.GetEnvironmentVariable("LEDGER_PUBLISHED_API") is { Length: > 0 } folder
            ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).ToList()
            : File.ReadAllText(Path.Combine(Path.GetDirectoryName(ComposedHost.ServiceDll)!, "Ledger.Api.deps.json"))
                .Split('"').Where(word => word.EndsWith(".dll", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();

        Assert.Contains("Ledger.Api.dll", published);
        Assert.All(NotServed, name => Assert.DoesNotContain($"{name}.dll", published));
    }
}
