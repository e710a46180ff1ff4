namespace Ledger.Vision.Embedding;

/// <summary>
/// What a recognition network's manifest entry says about its embedding: how the chip is cut, what comes
/// out, how two embeddings are compared, and the operating point chosen from data.
/// </summary>
/// <param name="Output">Graph output holding the embedding.</param>
/// <param name="EmbeddingSize">Floats per face.</param>
/// <param name="Metric"><c>euclidean</c> (face_recognition, dlib's rule) or <c>cosine</c> (1 - cosine similarity; ArcFace-trained networks).</param>
/// <param name="ColourOrder">Channel order of the graph input (<c>RGB</c>).</param>
/// <param name="Alignment">
/// <c>dlib-chip</c>: our similarity fit of 51 inner landmarks onto the mean face, 25% padding (what dlib's chips look like);
/// <c>arcface-5point</c>: eye centres, nose tip and mouth corners from the 68 landmarks fitted onto the standard
/// 112x112 ArcFace template (scaled to the input size).
/// </param>
/// <param name="OperatingPoint">The threshold chosen for a false-accept target and its evidence; null when not calibrated.</param>
public sealed record RecognitionSpec(
    string Output, int EmbeddingSize, string Metric, string ColourOrder, string Alignment, OperatingPoint? OperatingPoint)
{
    /// <summary>Euclidean distance between raw descriptors.</summary>
    public const string Euclidean = "euclidean";

    /// <summary>1 - cosine similarity.</summary>
    public const string Cosine = "cosine";

    /// <summary>dlib-style chip (ours, 51 inner landmarks).</summary>
    public const string DlibChip = "dlib-chip";

    /// <summary>Five points onto the ArcFace 112x112 template.</summary>
    public const string ArcFaceFivePoint = "arcface-5point";
}

/// <summary>
/// The threshold a recognizer runs at, chosen from the impostor distribution of labelled data for a stated
/// per-comparison false-accept target, with what the data can and cannot show.
/// </summary>
/// <param name="Threshold">Distance at or under which two embeddings match.</param>
/// <param name="FalseAcceptTarget">The per-comparison false-accept rate aimed at (e.g. 1e-4).</param>
/// <param name="Method">How the threshold follows from the data.</param>
/// <param name="GenuinePairs">Genuine pairs in the evidence.</param>
/// <param name="ImpostorPairs">Impostor pairs in the evidence (N).</param>
/// <param name="FalseAccepts">Impostor pairs at or under the threshold.</param>
/// <param name="FalseAcceptBound95">95% upper bound of the false-accept rate from the data alone (3/N with none observed).</param>
/// <param name="TrueAcceptRate">Genuine pairs at or under the threshold.</param>
/// <param name="Evidence">The data set and the command that reproduces the numbers.</param>
public sealed record OperatingPoint(
    double Threshold, double FalseAcceptTarget, string Method, int GenuinePairs, int ImpostorPairs, int FalseAccepts,
    double FalseAcceptBound95, double TrueAcceptRate, string Evidence);
