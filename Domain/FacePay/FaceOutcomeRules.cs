namespace Ledger.Domain.FacePay;

/// <summary>
/// From what was measured to what the face check concluded, in the order a decision is explained: no face, another
/// face too close, nobody who may be compared, then the comparison itself.
/// </summary>
public static class FaceOutcomeRules
{
    /// <param name="readableFound">Customers the hint found whose template still exists (not erased).</param>
    /// <param name="comparable">Of those, how many were eligible and compared (<see cref="FaceEligibility"/>).</param>
    public static FaceOutcome Classify(FaceMeasurement measured, FacePayPolicy policy, int readableFound, int comparable, CustomerHintKind hint)
    {
        if (measured.Comparison == FaceComparison.NoFace) return FaceOutcome.NoFace;
        if (measured.Live is { Passed: false }) return FaceOutcome.LiveChallengeFailed;
        if (measured.ChosenFaceWidth is { } width && policy.AnotherFaceTooClose(width, measured.OtherFaceWidths)) return FaceOutcome.MultipleFaces;
        // The auditor gets the real reason (the decider names it from the wallet's state); the terminal hears
        // face_not_verified whichever it is (TerminalReason), so none of these tells it anything.
        if (comparable == 0)
            return readableFound > 0 ? FaceOutcome.NotEligible
                : hint == CustomerHintKind.PhoneLastFour ? FaceOutcome.NoMatch : FaceOutcome.NotEnrolled;
        return measured.Comparison switch
        {
            FaceComparison.Match => FaceOutcome.Match,
            FaceComparison.Ambiguous => FaceOutcome.Ambiguous,
            _ => FaceOutcome.NoMatch,
        };
    }
}
