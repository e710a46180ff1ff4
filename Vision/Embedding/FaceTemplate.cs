namespace Ledger.Vision.Embedding;

/// <summary>
/// A face descriptor tagged with the model that produced it. Descriptors of different models live in
/// different spaces: comparing them is meaningless, so <see cref="Matching.FaceMatcher"/> refuses to.
/// </summary>
/// <param name="Descriptor">The embedding: as many floats as the producing model declares (128 for face_recognition, not
/// L2-normalised; 1024 for faceres, ...).</param>
/// <param name="ModelKey">The producing model's <c>id@version</c> (<see cref="Inference.ModelInfo.Key"/>).</param>
public sealed record FaceTemplate(float[] Descriptor, string ModelKey);
