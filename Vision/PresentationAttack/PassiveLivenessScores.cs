using Ledger.Vision.Inference;

namespace Ledger.Vision.PresentationAttack;

/// <summary>What the passive networks said about one face: evidence for a decision, never a decision.</summary>
/// <param name="Real">antispoof's sigmoid output, 0..1: higher looks more like a real face to that network.</param>
/// <param name="Live">liveness's softmax probability of the class that behaves like a live face, 0..1.</param>
/// <param name="Antispoof">Exactly which antispoof weights produced <paramref name="Real"/>.</param>
/// <param name="Liveness">Exactly which liveness weights produced <paramref name="Live"/>.</param>
public sealed record PassiveLivenessScores(float Real, float Live, ModelInfo Antispoof, ModelInfo Liveness);
