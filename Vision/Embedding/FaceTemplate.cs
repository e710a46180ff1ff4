namespace Ledger.Vision.Embedding;

/// <summary>
/// A face descriptor tagged with the model that produced it. Descriptors of different models live in
/// different spaces: comparing them is meaningless, so <see cref="Matching.FaceMatcher"/> refuses to.
/// </summary>
/// <param name="Descriptor">128 floats from face_recognition (not L2-normalised).</param>
/// <param name="ModelKey">The producing model's <c>id@version</c> (<see cref="Inference.ModelInfo.Key"/>).</param>
public sealed record FaceTemplate(float[] Descriptor, string ModelKey)
{
    /// <summary>Descriptor length of face_recognition.</summary>
    public const int Length = 128;
}
