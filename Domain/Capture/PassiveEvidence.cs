namespace Ledger.Domain.Capture;

/// <summary>
/// What the two single-still networks said about the compared face, recorded as evidence and never decided on (their
/// meaning and weakness are measured in docs/PAD.md): antispoof's "real" and liveness's "live" probabilities, 0..1,
/// with the exact models.
/// </summary>
public sealed record PassiveEvidence(float Real, float Live, string AntispoofModel, string LivenessModel);
