using Ledger.Vision.Embedding;
using Ledger.Vision.Import.Networks;
using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import;

/// <summary>The face-api.js networks the pack holds, in manifest order (by id): the four networks and ssd's landscape graph.</summary>
internal static class FaceApiNetworks
{
    public const string Package = "@vladmandic/face-api";
    public const string PackageVersion = "1.7.15";
    public const string License = "MIT";

    /// <summary>Bump when a graph changes for the same weights, so packs built by older importers are rebuilt.</summary>
    public const int GraphRevision = 1;

    public const int Opset = 17;

    public static readonly ModelPackage Source = new(Package, PackageVersion, License, GraphRevision, "model");

    public static readonly IReadOnlyList<NetworkRecipe> All =
    [
        new(Source, FaceLandmark68Network.Id, FaceLandmark68Network.WeightsManifest,
            Layers(FaceLandmark68Network.WeightsManifest, FaceLandmark68Network.Id, FaceLandmark68Network.Build),
            FaceLandmark68Network.InputSize, "centre", new Normalisation(FaceLandmark68Network.MeanRgb, 255f, 0f),
            null, null, null, null,
            new Dictionary<string, string>
            {
                ["landmarks"] = "68 points interleaved x0,y0,x1,y1,... relative to the 112x112 input (0..1)",
            }),
        new(Source, FaceRecognitionNetwork.Id, FaceRecognitionNetwork.WeightsManifest,
            Layers(FaceRecognitionNetwork.WeightsManifest, FaceRecognitionNetwork.Id, FaceRecognitionNetwork.Build),
            FaceRecognitionNetwork.InputSize, "centre", new Normalisation(FaceRecognitionNetwork.MeanRgb, 255f, 0f),
            0.6, null, null, null,
            new Dictionary<string, string>
            {
                ["descriptor"] = "128-d face descriptor, not L2-normalised; same person when Euclidean distance < 0.6",
            },
            Recognition: new RecognitionSpec("descriptor", 128, RecognitionSpec.Euclidean, "RGB", RecognitionSpec.DlibChip,
                RecognizerCalibration.For(FaceRecognitionNetwork.Id))),
        Ssd(SsdMobilenetV1Network.Id, SsdMobilenetV1Network.Build, "relative to the 512x512 input"),
        Ssd(SsdMobilenetV1Network.LandscapeId, SsdMobilenetV1Network.BuildLandscape,
            "relative to the side of the 512x512 square whose top 384 rows are the input"),
        new(Source, TinyFaceDetectorNetwork.Id, TinyFaceDetectorNetwork.WeightsManifest,
            Layers(TinyFaceDetectorNetwork.WeightsManifest, TinyFaceDetectorNetwork.Id, TinyFaceDetectorNetwork.Build),
            416, "bottom-right", new Normalisation(TinyFaceDetectorNetwork.MeanRgb, 255f, 0f),
            0.5, 0.4, null, TinyFaceDetectorNetwork.Anchors,
            new Dictionary<string, string>
            {
                ["grid"] = "raw grid [N, H/32, W/32, 5 anchors x (tx, ty, tw, th, tscore)] before sigmoid/exp",
            }),
    ];

    /// <summary>ssd_mobilenetv1's weights as one of its graphs (the square, or the landscape rows of it).</summary>
    private static NetworkRecipe Ssd(string id, Func<WeightMap, OnnxGraph> build, string boxesRelativeTo) =>
        new(Source, id, SsdMobilenetV1Network.WeightsManifest, Layers(SsdMobilenetV1Network.WeightsManifest, id, build),
            SsdMobilenetV1Network.InputSize, "bottom-right", new Normalisation(null, 127.5f, 1f),
            0.5, 0.5, 100, null,
            new Dictionary<string, string>
            {
                ["boxes"] = $"decoded boxes (ymin, xmin, ymax, xmax) {boxesRelativeTo}, not clipped",
                ["scores"] = "face probability (sigmoid) per anchor",
            });

    /// <summary>A layers-style network: its weights manifest read from the package's folder, then the hand-written graph.</summary>
    private static Func<string, OnnxGraph> Layers(string weightsManifest, string id, Func<WeightMap, OnnxGraph> build) =>
        folder => build(TfjsWeightReader.Read(Path.Combine(folder, weightsManifest), id));
}
