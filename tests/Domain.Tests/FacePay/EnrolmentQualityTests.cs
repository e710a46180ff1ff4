using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.FacePay.FaceTestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// The enrolment gates: one face only, minimum face size, frontal enough, not blurred (and not tilted).
/// Each gate passes exactly at its threshold and rejects the nearest value past it (the next float).
/// </summary>
public class EnrolmentQualityTests
{
    private static EnrolmentRejection? Check(FaceQuality quality, int facesSeen = 1) => Gates.Check(facesSeen, quality);

    [Fact]
    public void A_good_capture_of_one_face_passes_every_gate()
    {
        Assert.Null(Check(GoodQuality));
    }

    [Fact]
    public void A_capture_exactly_at_every_threshold_passes()
    {
        var atEveryEdge = new FaceQuality(FaceWidthPx: 100f, Gates.MinInterocularPx, Gates.MinSharpness, Gates.MinFrontalness, Gates.MaxRollDegrees);

        Assert.Null(Check(atEveryEdge));
        Assert.Null(Check(atEveryEdge with { RollDegrees = -Gates.MaxRollDegrees }));
    }

    [Fact]
    public void A_capture_without_a_face_is_rejected_as_no_face()
    {
        Assert.Equal(EnrolmentRejection.NoFace, Check(GoodQuality, facesSeen: 0));
        Assert.Equal(EnrolmentRejection.NoFace, Gates.Check(1, null));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void A_capture_of_more_than_one_face_is_rejected_as_multiple_faces(int faces)
    {
        Assert.Equal(EnrolmentRejection.MultipleFaces, Check(GoodQuality, facesSeen: faces));
    }

    [Fact]
    public void Eyes_closer_than_the_minimum_make_the_face_too_small()
    {
        Assert.Equal(EnrolmentRejection.FaceTooSmall, Check(GoodQuality with { InterocularPx = MathF.BitDecrement(Gates.MinInterocularPx) }));
        Assert.Null(Check(GoodQuality with { InterocularPx = Gates.MinInterocularPx }));
    }

    [Fact]
    public void A_face_turned_past_the_minimum_frontalness_is_not_frontal()
    {
        Assert.Equal(EnrolmentRejection.NotFrontal, Check(GoodQuality with { Frontalness = MathF.BitDecrement(Gates.MinFrontalness) }));
        Assert.Null(Check(GoodQuality with { Frontalness = Gates.MinFrontalness }));
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-1f)]
    public void A_head_tilted_past_the_maximum_either_way_is_too_tilted(float side)
    {
        Assert.Equal(EnrolmentRejection.TooTilted, Check(GoodQuality with { RollDegrees = side * MathF.BitIncrement(Gates.MaxRollDegrees) }));
        Assert.Null(Check(GoodQuality with { RollDegrees = side * Gates.MaxRollDegrees }));
    }

    [Fact]
    public void A_capture_less_sharp_than_the_minimum_is_blurred()
    {
        Assert.Equal(EnrolmentRejection.Blurred, Check(GoodQuality with { Sharpness = MathF.BitDecrement(Gates.MinSharpness) }));
        Assert.Null(Check(GoodQuality with { Sharpness = Gates.MinSharpness }));
    }

    [Fact]
    public void A_capture_failing_several_gates_is_rejected_for_the_first_an_operator_would_fix()
    {
        var poor = new FaceQuality(FaceWidthPx: 30f, InterocularPx: 10f, Sharpness: 5f, Frontalness: 0.1f, RollDegrees: 60f);

        Assert.Equal(EnrolmentRejection.NoFace, Gates.Check(0, poor));
        Assert.Equal(EnrolmentRejection.MultipleFaces, Check(poor, facesSeen: 2));
        Assert.Equal(EnrolmentRejection.FaceTooSmall, Check(poor));
        Assert.Equal(EnrolmentRejection.NotFrontal, Check(poor with { InterocularPx = 62f }));
        Assert.Equal(EnrolmentRejection.TooTilted, Check(poor with { InterocularPx = 62f, Frontalness = 0.9f }));
        Assert.Equal(EnrolmentRejection.Blurred, Check(poor with { InterocularPx = 62f, Frontalness = 0.9f, RollDegrees = 0f }));
    }

    [Theory]
    [InlineData(EnrolmentRejection.NoFace, "capture_no_face")]
    [InlineData(EnrolmentRejection.MultipleFaces, "capture_multiple_faces")]
    [InlineData(EnrolmentRejection.FaceTooSmall, "capture_face_too_small")]
    [InlineData(EnrolmentRejection.NotFrontal, "capture_not_frontal")]
    [InlineData(EnrolmentRejection.Blurred, "capture_blurred")]
    [InlineData(EnrolmentRejection.TooTilted, "capture_too_tilted")]
    public void Every_rejection_has_a_stable_rule_code(EnrolmentRejection rejection, string code)
    {
        Assert.Equal(code, RuleCodes.CaptureRejected(rejection));
    }
}
