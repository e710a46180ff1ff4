namespace Ledger.Vision.Verification;

/// <summary>Wall-clock milliseconds per pipeline stage of one analysis (for operators and the benchmark; never asserted).</summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double LandmarksMs, double AlignMs, double EmbedMs)
{
    /// <summary>Sum of the stages.</summary>
    public double TotalMs => DecodeMs + DetectMs + LandmarksMs + AlignMs + EmbedMs;
}
