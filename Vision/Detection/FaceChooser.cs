namespace Ledger.Vision.Detection;

/// <summary>
/// Picks the face to verify among those detected: the largest one, and among faces of nearly the
/// same size (within <see cref="SizeTolerance"/>) the one nearest the image centre. At a till the
/// shopper paying stands closest to the camera and in front of it; a bystander is smaller or off-centre.
/// </summary>
public static class FaceChooser
{
    /// <summary>Faces whose area is at least this fraction of the largest compete on centrality.</summary>
    public const float SizeTolerance = 0.8f;

    /// <summary>Index of the chosen face in <paramref name="faces"/>, or -1 when there is none.</summary>
    public static int Choose(IReadOnlyList<FaceBox> faces, int imageWidth, int imageHeight)
    {
        if (faces.Count == 0)
            return -1;
        var largest = faces.Max(f => f.Area);
        var centre = new System.Numerics.Vector2(imageWidth / 2f, imageHeight / 2f);
        var best = -1;
        var bestDistance = float.MaxValue;
        for (int i = 0; i < faces.Count; i++)
        {
            if (faces[i].Area < largest * SizeTolerance)
                continue;
            var distance = System.Numerics.Vector2.Distance(faces[i].Center, centre);
            if (distance < bestDistance)
                (best, bestDistance) = (i, distance);
        }
        return best;
    }
}
