namespace Ledger.Domain.FacePay;

/// <summary>Why a capture cannot become a template. Stored and shown by name.</summary>
public enum EnrolmentRejection
{
    NoFace,
    MultipleFaces,
    FaceTooSmall,
    NotFrontal,
    Blurred,
    TooTilted,
}

/// <summary>
/// The quality an enrolment capture must have: one face only, big enough, frontal enough, sharp, not tilted.
/// A template is compared against every later capture, so it is held to a higher bar than a payment probe.
/// </summary>
/// <param name="MinInterocularPx">Eye distance in source pixels. ISO/IEC 19794-5 asks 60 for passports; terminal
/// crops of 150 px give about 55, so the default is 40.</param>
/// <param name="MinFrontalness">1 is frontal; below this the head is turned too far.</param>
/// <param name="MinSharpness">Variance of the Laplacian over the centre of the aligned chip: the 40 shared crops score
/// 55 to 1,220, the same crop blurred with a Gaussian of sigma 1 scores 38 and of sigma 2 scores 12.</param>
/// <param name="MaxRollDegrees">In-plane tilt.</param>
public sealed record EnrolmentQuality(float MinInterocularPx, float MinFrontalness, float MinSharpness, float MaxRollDegrees)
{
    public static readonly EnrolmentQuality Default = new(40f, 0.45f, 40f, 25f);

    /// <returns>The first gate the capture fails, in the order an operator would fix them; null when it passes.</returns>
    public EnrolmentRejection? Check(int facesSeen, FaceQuality? quality) => (facesSeen, quality) switch
    {
        (0, _) or (_, null) => EnrolmentRejection.NoFace,
        ( > 1, _) => EnrolmentRejection.MultipleFaces,
        (_, { InterocularPx: var eyes }) when eyes < MinInterocularPx => EnrolmentRejection.FaceTooSmall,
        (_, { Frontalness: var f }) when f < MinFrontalness => EnrolmentRejection.NotFrontal,
        (_, { RollDegrees: var roll }) when Math.Abs(roll) > MaxRollDegrees => EnrolmentRejection.TooTilted,
        (_, { Sharpness: var s }) when s < MinSharpness => EnrolmentRejection.Blurred,
        _ => null,
    };
}
