namespace Ledger.Domain.FacePay;

/// <summary>
/// How much a face payment has to prove. No face model reaches a payment-grade false-accept rate alone, so the
/// policy combines signals: the search is narrowed by the phone number, a regular may type only its last four
/// digits but a first use at a merchant needs the whole number, a PIN above an amount, and a lock-out after
/// repeated failures. Its version is recorded with every face decision.
/// </summary>
/// <param name="Version">Recorded with every decision; change it whenever a value changes.</param>
/// <param name="PinAbove">Amount (in major units of the payment's currency) above which a PIN is asked.</param>
/// <param name="LockAfterFailures">Consecutive failed verifications within <paramref name="FailureWindow"/> that lock face pay.</param>
/// <param name="FailureWindow">How far back failures count.</param>
/// <param name="SecondFaceRatio">Another face at least this fraction of the verified face's width is "too close": the capture is declined.</param>
/// <param name="LockAfterPinRejections">Wrong PINs in a row (whatever the time between them) that lock face pay.</param>
/// <param name="HintLockAfterFailures">Failed face attempts under one phone suffix at one merchant, within
/// <paramref name="HintWindowMinutes"/>, after which that suffix no longer narrows a search there (the whole number is asked).</param>
/// <param name="HintWindowMinutes">How far back those failures count.</param>
/// <param name="RegisteredDeviceCeiling">Largest face payment (major units) from a capture signed by a merely registered
/// device key (software, or hardware nobody vouched for); such payments always need the PIN.</param>
public sealed record FacePayPolicy(string Version, decimal PinAbove, int LockAfterFailures, TimeSpan FailureWindow, float SecondFaceRatio,
    int LockAfterPinRejections = 3, int HintLockAfterFailures = 5, int HintWindowMinutes = 10, decimal RegisteredDeviceCeiling = 25m)
{
    /// <summary>
    /// v2: wrong PINs counted apart from face failures, cleared only by a right PIN (v1 let a small payment clear them);
    /// a phone suffix that failed 5 times at a merchant within 10 minutes needs the whole number there.
    /// v3: a capture signed by a merely registered device key pays at most 25.00 and always with the PIN.
    /// v4: a customer is a regular only at the <see cref="FaceProfile.MerchantsRemembered"/> merchants paid at most recently.
    /// </summary>
    public static readonly FacePayPolicy Default = new("face-pay-v4", 50m, 3, TimeSpan.FromMinutes(30), 0.5f, 3, 5, 10, 25m);

    public TimeSpan HintWindow => TimeSpan.FromMinutes(HintWindowMinutes);

    public void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(Version) || PinAbove < 0 || LockAfterFailures < 1 || FailureWindow <= TimeSpan.Zero
            || SecondFaceRatio is <= 0 or > 1 || LockAfterPinRejections < 1 || HintLockAfterFailures < 1 || HintWindowMinutes < 1
            || RegisteredDeviceCeiling < 0)
            throw new ArgumentException($"Invalid face-pay policy {this}.");
    }

    /// <summary>Exactly at the threshold needs no PIN; one minor unit above does.</summary>
    public bool RequiresPin(Money amount) => amount > Money.FromDecimal(PinAbove, amount.Currency);

    /// <summary>A merely registered device key always needs the PIN as well; otherwise the amount decides.</summary>
    public bool RequiresPin(Money amount, Capture.CaptureAssurance assurance) =>
        assurance == Capture.CaptureAssurance.Registered || RequiresPin(amount);

    /// <summary>Whether a capture of this assurance may pay this much: a registered device key only up to its ceiling.</summary>
    public bool AllowsAmount(Money amount, Capture.CaptureAssurance assurance) =>
        assurance != Capture.CaptureAssurance.Registered || amount <= Money.FromDecimal(RegisteredDeviceCeiling, amount.Currency);

    /// <summary>Faces (by width) in the capture that are too close to the verified one to let the payment through.</summary>
    public bool AnotherFaceTooClose(float verifiedWidth, IEnumerable<float> otherWidths) =>
        otherWidths.Any(w => w >= verifiedWidth * SecondFaceRatio);
}
