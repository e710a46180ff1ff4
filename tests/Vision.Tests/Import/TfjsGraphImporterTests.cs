using System.Text.Json;
using Ledger.Vision.Import;
using Ledger.Vision.Import.Graph;
using Ledger.Vision.Onnx;
using Ledger.Vision.Tests.Parity;
using Ledger.Vision.Tests.PresentationAttack;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Import;

/// <summary>The tfjs graph-model reader on human's real models and on hand-made graphs.</summary>
public sealed class TfjsGraphImporterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ledger-graph-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void An_op_the_converter_does_not_know_is_refused_naming_the_node_and_the_op()
    {
        var model = WriteGraph(
            new { name = "x", op = "Placeholder", attr = new { dtype = new { type = "DT_FLOAT" } } },
            new { name = "net/erf", op = "Erf", input = new[] { "x" } },
            new { name = "Identity", op = "Identity", input = new[] { "net/erf" } });

        var error = Assert.Throws<ModelImportException>(() => TfjsGraphImporter.Convert(model, Spec("net")));

        Assert.Contains("node net/erf", error.Message);
        Assert.Contains("op Erf", error.Message);
    }

    [Fact]
    public void A_node_reading_a_missing_node_is_refused()
    {
        var model = WriteGraph(
            new { name = "x", op = "Placeholder", attr = new { dtype = new { type = "DT_FLOAT" } } },
            new { name = "Identity", op = "Relu", input = new[] { "nowhere" } });

        var error = Assert.Throws<ModelImportException>(() => TfjsGraphImporter.Convert(model, Spec("net")));

        Assert.Contains("nowhere", error.Message);
    }

    [Fact]
    public void A_layers_model_is_told_apart_from_a_graph_model()
    {
        var path = Path.Combine(_scratch, "model.json");
        File.WriteAllText(path, """{ "format": "layers-model", "modelTopology": {}, "weightsManifest": [] }""");

        var error = Assert.Throws<ModelImportException>(() => TfjsGraphImporter.Convert(path, Spec("net")));

        Assert.Contains("graph-model", error.Message);
    }

    [Fact]
    public void Converting_twice_gives_the_same_bytes()
    {
        var path = Path.Combine(ModelImporterTests.HumanModels, "liveness.json");
        var spec = new GraphImportSpec("liveness", 255f, [new("activation_6", "classes")]);

        Assert.Equal(Serialize(TfjsGraphImporter.Convert(path, spec)), Serialize(TfjsGraphImporter.Convert(path, spec)));
    }

    [Fact]
    public void Human_faceres_converts_and_matches_tfjs()
    {
        // faceres is not in the pack: it shows the reader opens human's face description networks
        // (plain Conv2D, depthwise convolutions, ReLU6 as Minimum/Maximum, global Mean) with tfjs's numbers.
        var reference = PadReferenceFixture.Instance.Get("graph", "faceres", "colour_penny_raj_sheldon");
        // (signature key, our output name, the tensor tfjs named in the fixture)
        (string Key, string Name, string Tensor)[] outputs =
        [
            ("global_pooling/Mean", "embedding", "global_pooling/Mean"),
            ("gender_pred/Sigmoid:0", "gender", "gender_pred/Sigmoid"),
            ("age_pred/Softmax:0", "age", "age_pred/Softmax"),
        ];
        var graph = TfjsGraphImporter.Convert(Path.Combine(ModelImporterTests.HumanModels, "faceres.json"),
            new GraphImportSpec("faceres", 255f, outputs.Select(o => new KeyValuePair<string, string>(o.Key, o.Name)).ToList()));
        using var session = new InferenceSession(Serialize(graph));
        using var input = OrtValue.CreateTensorValueFromMemory(reference.BuildInput(), [1, 224, 224, 3]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, ["input"], [input], outputs.Select(o => o.Name).ToArray());

        foreach (var (o, value) in outputs.Zip(results))
        {
            var expected = reference.Outputs![o.Tensor];
            var diff = Differences.Largest(value.GetTensorDataAsSpan<float>().ToArray(), expected);
            output.WriteLine($"faceres {o.Name}: {expected.Length} values, max abs diff {diff:E3}");
            Assert.True(diff <= 1e-3, $"faceres {o.Name}: max |ours - tfjs| = {diff:E3}");
        }
    }

    private static GraphImportSpec Spec(string name) => new(name, 1f, [new("out", "out")]);

    private static byte[] Serialize(OnnxGraph graph) => OnnxModelSerializer.Serialize(graph, 17, "test", "0", []);

    private string WriteGraph(params object[] nodes)
    {
        var path = Path.Combine(_scratch, "model.json");
        File.WriteAllBytes(Path.Combine(_scratch, "w.bin"), []);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            format = "graph-model",
            modelTopology = new { node = nodes },
            signature = new
            {
                inputs = new Dictionary<string, object> { ["x"] = new { name = "x:0" } },
                outputs = new Dictionary<string, object> { ["out"] = new { name = "Identity:0" } },
            },
            weightsManifest = new[] { new { paths = new[] { "w.bin" }, weights = Array.Empty<object>() } },
        }));
        return path;
    }
}
