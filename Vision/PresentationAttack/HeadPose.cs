using System.Numerics;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.PresentationAttack;

/// <summary>
/// Where the head points, read off its 2-D landmarks in a frame that follows the eyes (so a tilted head is not a
/// turned one), in units of the distance between the eyes. <see cref="Yaw"/> is the nose tip's offset along the eye
/// line from the eyes' midpoint: positive when the nose moves towards the image's right, which is where it goes when
/// the shopper turns to their own left in front of an unmirrored camera. <see cref="Pitch"/> is the nose tip's drop
/// below the eye line over the mouth's: it shrinks when the head tips back (looking up).
/// </summary>
public readonly record struct HeadPose(float Yaw, float Pitch)
{
    public static HeadPose Of(FaceLandmarks68 landmarks)
    {
        var (left, right) = (landmarks.LeftEye, landmarks.RightEye);
        var across = right - left;
        var eyes = across.Length();
        if (eyes <= 0) return new HeadPose(0, 0);
        var x = across / eyes;
        var y = new Vector2(-x.Y, x.X);
        var mid = (left + right) / 2;
        var nose = landmarks.NoseTip - mid;
        var mouthDrop = Vector2.Dot(landmarks.MouthCentre - mid, y);
        return new HeadPose(Vector2.Dot(nose, x) / eyes, mouthDrop <= 0 ? 0 : Vector2.Dot(nose, y) / mouthDrop);
    }
}
