using System.Numerics;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Alignment;

/// <summary>
/// The five-point template ArcFace-trained networks are aligned with: where the eye centres, the nose tip and
/// the mouth corners sit in the 112x112 training chips (InsightFace's <c>arcface_dst</c>, the template of its
/// face_align.norm_crop; the MS1M/emore training sets were cut with it from MTCNN's five points).
/// </summary>
public static class ArcFaceTemplate
{
    /// <summary>Side of the chip the template is given for.</summary>
    public const float Size = 112f;

    /// <summary>Image-left eye, image-right eye, nose tip, image-left and image-right mouth corner, in 112x112 pixels.</summary>
    public static readonly Vector2[] Points =
    [
        new(38.2946f, 51.6963f),
        new(73.5318f, 51.5014f),
        new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f),
        new(70.7299f, 92.2041f),
    ];

    /// <summary>
    /// The same five points from the 68-point (iBUG 300-W) landmarks: the mean of each eye's six points
    /// (36-41 is the image-left eye), the nose tip (30), the mouth corners (48, 54).
    /// </summary>
    public static Vector2[] FromLandmarks(FaceLandmarks68 landmarks) =>
        [landmarks.LeftEye, landmarks.RightEye, landmarks.NoseTip, landmarks.Points[48], landmarks.Points[54]];
}
