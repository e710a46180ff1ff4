namespace Ledger.Vision.Detection;

/// <summary>Which face detector network runs first.</summary>
public enum DetectorKind
{
    /// <summary>ssd_mobilenetv1 (512 px): slower, finds tight crops and costumes; the default.</summary>
    Ssd,
    /// <summary>tiny_face_detector (416 px by default): fast, misses tight crops.</summary>
    Tiny,
}
