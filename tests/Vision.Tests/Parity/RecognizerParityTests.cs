using Ledger.Vision.Matching;
using Ledger.Vision.Tests.PresentationAttack;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Parity;

/// <summary>
/// Our mobilefacenet, mobileface and faceres graphs (fed 0..255) against human-models' tfjs graph models fed as
/// their sources feed them (<c>Reference/recognizer-reference.js</c>): the normalisation inside our graphs is part
/// of what is compared.
/// </summary>
[Collection(PackedModelsCollection.Name)]
public sealed class RecognizerParityTests(PackedModels models, ITestOutputHelper output)
{
    /// <summary>The bar.</summary>
    private const double MaxAbsDiff = 1e-3;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in PadReferenceFixture.Recognizers.OfKind("network"))
            data.Add(c.Model!, c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Embedding_matches_the_original_network(string model, string name)
    {
        var reference = PadReferenceFixture.Recognizers.Get("network", model, name);

        var ours = models.Run(model, reference.BuildInput(), reference.Size, reference.Size)["embedding"];

        var diff = Differences.Largest(ours, reference.Output!);
        output.WriteLine($"{model}/{name}: {ours.Length} values, max abs diff {diff:E3}");
        Assert.True(diff <= MaxAbsDiff, $"{model}/{name}: max |ours - tfjs| = {diff:E3} > {MaxAbsDiff:E0}");
    }

    [Fact]
    public void Mobilefacenet_gives_every_face_the_same_embedding_in_tfjs_too()
    {
        // human-models' mobilefacenet is degenerate (human calls it obsolete): tfjs itself returns one vector for
        // every face, so its parity shows the conversion, not a usable recognizer. Guards docs/VISION.md's claim.
        var outputs = PadReferenceFixture.Recognizers.OfKind("network", "mobilefacenet").Select(c => c.Output!.Select(v => (float)v).ToArray()).ToList();

        Assert.All(outputs.Skip(1), o => Assert.True(FaceDistance.Cosine(outputs[0], o) < 1e-3f));
    }

    [Theory]
    [InlineData("mobileface")]
    [InlineData("faceres")]
    public void Another_persons_embedding_misses_the_tolerance_by_far(string model)
    {
        // Guards the comparison: a graph that ignored its input, or a tolerance too loose, would pass the test above.
        var amy = PadReferenceFixture.Recognizers.Get("network", model, "amy_1").Output!;
        var howard = PadReferenceFixture.Recognizers.Get("network", model, "howard_3").Output!;

        Assert.True(Differences.Largest(amy.Select(v => (float)v).ToArray(), howard) > 10 * MaxAbsDiff);
        Assert.True(FaceDistance.Cosine(amy.Select(v => (float)v).ToArray(), howard.Select(v => (float)v).ToArray()) > 0.05f);
    }
}
