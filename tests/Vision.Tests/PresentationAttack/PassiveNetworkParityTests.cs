using Ledger.Vision.Tests.Parity;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>Our antispoof.onnx and liveness.onnx against human's tfjs graph models on the same inputs.</summary>
[Collection(PackedModelsCollection.Name)]
public sealed class PassiveNetworkParityTests(PackedModels models, ITestOutputHelper output)
{
    /// <summary>The issue's bar, as for the face networks.</summary>
    private const double MaxAbsDiff = 1e-3;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in PadReferenceFixture.Instance.OfKind("network"))
            data.Add(c.Model!, c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_the_original_network(string model, string name)
    {
        var reference = PadReferenceFixture.Instance.Get("network", model, name);

        var outputs = models.Run(model, reference.BuildInput(), reference.Size, reference.Size);

        var ours = Assert.Single(outputs).Value;
        var diff = Differences.Largest(ours, reference.Output!);
        output.WriteLine($"{model}/{name}: [{string.Join(", ", ours.Select(v => v.ToString("F6")))}] max abs diff {diff:E3}");
        Assert.True(diff <= MaxAbsDiff, $"{model}/{name}: max |ours - tfjs| = {diff:E3} > {MaxAbsDiff:E0}");
    }

    [Fact]
    public void The_fixture_inputs_give_outputs_far_apart()
    {
        // Guards the test: if every input gave the same output, a graph that ignored its input would pass.
        foreach (var model in new[] { "antispoof", "liveness" })
        {
            var first = PadReferenceFixture.Instance.OfKind("network", model).Select(c => c.Output![0]).ToList();
            Assert.True(first.Max() - first.Min() > 100 * MaxAbsDiff, $"{model}: reference outputs span only {first.Max() - first.Min():E2}");
        }
    }
}
