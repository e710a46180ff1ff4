using System.Numerics;
using Ledger.Vision.Detection;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Tracking;

/// <summary>
/// Where a detector's box sits around a face's landmarks, in the face's own size: learnt from the detection a track
/// starts from, so the boxes a track derives for the next frames cut the face as that detector did (the landmark
/// network's input is the box it is given; a box of another shape or margin moves its points).
/// </summary>
/// <param name="Offset">Box centre minus the inner landmarks' centre, in units of their spread.</param>
/// <param name="Width">Box width in units of the spread.</param>
/// <param name="Height">Box height in units of the spread.</param>
public readonly record struct BoxAroundLandmarks(Vector2 Offset, float Width, float Height)
{
    /// <summary>Brows, nose, eyes and mouth: the points that follow the face, not its outline (the jaw line, 0-16).</summary>
    private const int FirstInnerLandmark = 17;

    /// <summary>The relation of <paramref name="box"/> to <paramref name="landmarks"/> fitted in it.</summary>
    public static BoxAroundLandmarks Of(FaceBox box, FaceLandmarks68 landmarks)
    {
        var (centre, size) = Frame(landmarks);
        return size.X <= 0 || size.Y <= 0
            ? new BoxAroundLandmarks(Vector2.Zero, 0, 0)
            : new BoxAroundLandmarks((box.Center - centre) / size, box.Width / size.X, box.Height / size.Y);
    }

    /// <summary>The box this relation puts around <paramref name="landmarks"/>.</summary>
    public FaceBox Around(FaceLandmarks68 landmarks)
    {
        var (centre, size) = Frame(landmarks);
        var middle = centre + Offset * size;
        var (w, h) = (Width * size.X, Height * size.Y);
        return new FaceBox(middle.X - w / 2, middle.Y - h / 2, w, h, 0);
    }

    /// <summary>The centre and size of the box around all 68 points.</summary>
    private static (Vector2 Centre, Vector2 Size) Frame(FaceLandmarks68 landmarks)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var p in landmarks.Points)
        {
            min = Vector2.Min(min, p);
            max = Vector2.Max(max, p);
        }
        return ((min + max) / 2, max - min);
    }
}
