namespace Ledger.Vision.Verification;

/// <summary>The frames of one live challenge as the pipeline saw them.</summary>
/// <param name="Frames">One analysis per frame, in order: detected (<see cref="DetectionRoute.Direct"/>, padded, ...) or followed
/// from the frame before (<see cref="DetectionRoute.Tracked"/>).</param>
/// <param name="Compared">The frame to compare with the enrolled faces: the one facing the camera most; a detected one, or a
/// followed one whose faces were counted (<see cref="DetectionRoute.Counted"/>).</param>
public sealed record FrameSequenceAnalysis(IReadOnlyList<FaceAnalysis> Frames, int Compared)
{
    /// <summary>The face of each frame (null where none was found), for the live challenge's judgement.</summary>
    public IReadOnlyList<AnalyzedFace?> Faces => Frames.Select(f => f.Chosen).ToList();

    /// <summary>How many frames the sequence's detector ran on (a counted frame is not one of them).</summary>
    public int Detected => Frames.Count(f => f.Route is not (DetectionRoute.Tracked or DetectionRoute.Counted));
}
