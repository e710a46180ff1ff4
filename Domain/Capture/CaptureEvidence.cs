namespace Ledger.Domain.Capture;

/// <summary>How far the capture behind a face decision was vouched for. Stored by name.</summary>
public enum CaptureAssurance
{
    /// <summary>No signed statement: any photo could have been sent (accepted only where configured).</summary>
    Unattested,
    /// <summary>Signed by a device key the terminal proved it holds, nothing more known about the key.</summary>
    Registered,
    /// <summary>Signed by a device key whose certificate chain ends in a pinned manufacturer root.</summary>
    HardwareAttested,
}

/// <summary>
/// The capture statement a face decision rested on, as recorded with it: the assurance, the device key, its counter,
/// the challenge answered and the head movement it asked for. Null fields for an unattested capture.
/// </summary>
public sealed record CaptureEvidence(CaptureAssurance Assurance, string? DeviceKeyId, long? Counter, Guid? ChallengeId, HeadMovement? Movement)
{
    public static readonly CaptureEvidence Unattested = new(CaptureAssurance.Unattested, null, null, null, null);

    public static CaptureEvidence Of(VerifiedCapture capture) =>
        new(capture.Assurance == Terminals.DeviceAssurance.HardwareAttested ? CaptureAssurance.HardwareAttested : CaptureAssurance.Registered,
            capture.DeviceKeyId, capture.Statement.Counter, capture.ChallengeId, capture.Statement.Liveness);
}
