namespace Ledger.Vision.Verification;

/// <summary>
/// How usable the chosen face is; recorded with each decision so a low-quality capture can be told apart
/// from a different person. None of these gates the decision by itself.
/// </summary>
/// <param name="FaceWidthPx">Width of the face box in source pixels.</param>
/// <param name="FaceHeightPx">Height of the face box in source pixels.</param>
/// <param name="InterocularPx">Distance between the eye centres in source pixels (ISO/IEC 19794-5 asks 60+ for enrolment).</param>
/// <param name="Sharpness">Variance of the Laplacian over the centre of the grey 150 px aligned chip: low means blurred or out of focus (below ~40 is soft, sharp captures score hundreds).</param>
/// <param name="Frontalness">1 for a frontal face, towards 0 as the head turns (nose tip against the midpoint of the eyes).</param>
/// <param name="RollDegrees">In-plane head tilt that the alignment removed, in degrees.</param>
public sealed record QualitySignals(float FaceWidthPx, float FaceHeightPx, float InterocularPx, float Sharpness, float Frontalness, float RollDegrees);
