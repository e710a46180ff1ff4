namespace Ledger.Vision.Detection;

/// <summary>
/// Greedy non-maximum suppression: keep the highest-scoring box, drop every remaining box that
/// overlaps it by more than the IoU threshold, repeat. face-api.js uses 0.4 for tiny_face_detector
/// and 0.5 for ssd_mobilenetv1.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>The kept boxes, highest score first.</summary>
    public static IReadOnlyList<FaceBox> Apply(IEnumerable<FaceBox> boxes, float iouThreshold, int maxResults = 100)
    {
        var ordered = boxes.OrderByDescending(b => b.Score).ToList();
        var kept = new List<FaceBox>();
        foreach (var candidate in ordered)
        {
            if (kept.Count >= maxResults)
                break;
            if (kept.TrueForAll(k => k.IoU(candidate) <= iouThreshold))
                kept.Add(candidate);
        }
        return kept;
    }
}
