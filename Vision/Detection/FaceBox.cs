using System.Numerics;

namespace Ledger.Vision.Detection;

/// <summary>A detected face: an axis-aligned box in source-image pixels and the detector's confidence (0..1).</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height, float Score)
{
    /// <summary>Right edge.</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public float Bottom => Y + Height;

    /// <summary>Area in square pixels (0 for degenerate boxes).</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Centre point.</summary>
    public Vector2 Center => new(X + Width / 2, Y + Height / 2);

    /// <summary>Builds a box from its corners.</summary>
    public static FaceBox FromCorners(float left, float top, float right, float bottom, float score) =>
        new(left, top, right - left, bottom - top, score);

    /// <summary>Intersection over union, 0 when either box is empty.</summary>
    public float IoU(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
            return 0;
        var intersection = w * h;
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>The box clipped to an image of the given size.</summary>
    public FaceBox ClipTo(int imageWidth, int imageHeight)
    {
        var left = Math.Clamp(X, 0, imageWidth);
        var top = Math.Clamp(Y, 0, imageHeight);
        return FromCorners(left, top, Math.Clamp(Right, left, imageWidth), Math.Clamp(Bottom, top, imageHeight), Score);
    }

    /// <summary>The same box with every coordinate multiplied by <paramref name="factor"/> (score kept).</summary>
    public FaceBox Scale(float factor) => new(X * factor, Y * factor, Width * factor, Height * factor, Score);
}
