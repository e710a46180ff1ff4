namespace Ledger.Domain.FacePay;

/// <summary>
/// The operating point a face decision ran at: the model, how its distances are measured, the threshold and 1:N margin in
/// that metric's units, and where the threshold came from. A bank's auditor reads here under which threshold a payment
/// was approved and what that threshold was shown to mean on data: the false-accept target it was chosen for, the
/// impostor pairs behind it and the honest 95% bound those pairs give (about 3/N when none was accepted).
/// </summary>
/// <param name="ModelId">The recognition model, <c>id@version</c>, whose distances the threshold applies to.</param>
/// <param name="Metric"><c>euclidean</c> or <c>cosine</c> (1 - cosine similarity): the units of threshold and margin.</param>
/// <param name="Threshold">Distance at or under which the probe matched.</param>
/// <param name="Margin">Lead over the runner-up a 1:N match needed, in the same units.</param>
/// <param name="ThresholdSource"><c>calibrated</c>: the pack's operating point; <c>configured</c>: set by the deployment,
/// the calibrated point stated beside it for comparison.</param>
/// <param name="CalibrationRevision">Revision of the operating points in the model pack's manifest; null for a pack without one.</param>
/// <param name="CalibratedThreshold">The threshold the pack chose for <paramref name="FalseAcceptTarget"/>.</param>
/// <param name="FalseAcceptTarget">The per-comparison false-accept rate the calibrated threshold was chosen for.</param>
/// <param name="ImpostorPairs">Impostor pairs the calibration saw (N).</param>
/// <param name="FalseAccepts">Of those, accepted at the calibrated threshold.</param>
/// <param name="FalseAcceptBound95">95% upper bound of the false-accept rate those pairs alone support.</param>
/// <param name="Evidence">The data set and the command that reproduce the calibration.</param>
public sealed record FaceOperatingPoint(
    string ModelId,
    string Metric,
    float Threshold,
    float Margin,
    string ThresholdSource,
    int? CalibrationRevision = null,
    double? CalibratedThreshold = null,
    double? FalseAcceptTarget = null,
    int? ImpostorPairs = null,
    int? FalseAccepts = null,
    double? FalseAcceptBound95 = null,
    string? Evidence = null)
{
    public const string Calibrated = "calibrated";
    public const string Configured = "configured";
}
