using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Terminals;

/// <summary>
/// The operating point recorded after a face decision made the decision's events one longer, and the till's attempt
/// limit (which reads the decision's shape) stopped counting failed faces and wrong PINs: a till could probe freely.
/// </summary>
public sealed class Bug_OperatingPointRecordHidFailedFaces
{
    private static readonly FaceOperatingPointRecorded Point =
        new(PaymentId, new FaceOperatingPoint(ModelId, "euclidean", 0.6f, 0.05f, FaceOperatingPoint.Configured), Today);

    [Fact]
    public void A_failed_face_with_its_operating_point_still_counts_as_a_failed_face()
    {
        IPaymentEvent[] events = [VerificationFailed(Eur(1m), DeclineReason.FaceNoMatch, Evidence(FaceOutcome.NoMatch)), Point];
        Assert.Equal("face", TerminalAttempts.FailedKind(events));
    }

    [Fact]
    public void A_wrong_pin_with_its_operating_point_still_counts_as_a_wrong_pin()
    {
        IPaymentEvent[] events = [Verified(), Declined(Eur(30m), DeclineReason.PinIncorrect, FaceInputs(Eur(80m))), Point];
        Assert.Equal("pin", TerminalAttempts.FailedKind(events));
    }
}
