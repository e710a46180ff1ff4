using Ledger.Vision.Import.Graph;
using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import;

/// <summary>
/// The passive presentation-attack networks of <c>@vladmandic/human</c> (tfjs graph models in its
/// <c>models/</c> folder), converted by the graph importer. The library feeds them a face crop scaled to
/// 0..1; our graphs take 0..255 and divide first, like every graph of the pack.
/// </summary>
internal static class HumanNetworks
{
    public const string Package = "@vladmandic/human";
    public const string PackageVersion = "3.3.6";
    public const string License = "MIT";

    /// <summary>Bump when a graph changes for the same weights, so packs built by older importers are rebuilt.</summary>
    public const int GraphRevision = 1;

    public const string AntispoofId = "antispoof";
    public const string LivenessId = "liveness";

    public static readonly ModelPackage Source = new(Package, PackageVersion, License, GraphRevision, "models");

    /// <summary>
    /// How human 3.3.6 cuts the face these networks see (<c>src/face/blazeface.ts</c>, <c>facemeshutil.ts</c>,
    /// <c>antispoof.ts</c>/<c>liveness.ts</c>): the detector box enlarged 1.4x about its centre, squared to
    /// its longer side with rounded corners, <c>tf.image.cropAndResize</c> to the 192x192 face-mesh input,
    /// then <c>tf.image.resizeBilinear</c> (no corner alignment, no half-pixel centres) to the network input.
    /// </summary>
    public const string Crop =
        "face box enlarged 1.4x about its centre, squared to the longer side (corners rounded), tf.image.cropAndResize " +
        "to 192x192 (bilinear, zeros outside the image), then tf.image.resizeBilinear to the input size";

    private const string InputMeaning = "float32 NHWC RGB 0..255 of the face crop (see crop); the graph divides by 255 first";

    public static readonly IReadOnlyList<NetworkRecipe> All =
    [
        new(Source, AntispoofId, "antispoof.json",
            FromGraphModel("antispoof.json", new GraphImportSpec(AntispoofId, 255f, [new("activation_4", "real")])),
            128, "none", new Normalisation(null, 255f, 0f), null, null, null, null,
            new Dictionary<string, string>
            {
                ["real"] = "sigmoid: how much the crop looks like a real face to the network (human reports it as face.real); " +
                           "source model: kaggle anku420/fake-face-detection",
            },
            Crop, InputMeaning),
        new(Source, LivenessId, "liveness.json",
            FromGraphModel("liveness.json", new GraphImportSpec(LivenessId, 255f, [new("activation_6", "classes")])),
            32, "none", new Normalisation(null, 255f, 0f), null, null, null, null,
            new Dictionary<string, string>
            {
                ["classes"] = "softmax over 2 classes (source model: github leokwu/livenessnet). human 3.3.6 reports index 0 as " +
                              "face.live; see Vision/Import/README.md for which index behaves like a live face",
            },
            Crop, InputMeaning),
    ];

    /// <summary>A graph model: model.json with its embedded weights manifest, converted node by node.</summary>
    internal static Func<string, OnnxGraph> FromGraphModel(string modelJson, GraphImportSpec spec) =>
        folder => TfjsGraphImporter.Convert(Path.Combine(folder, modelJson), spec);
}
