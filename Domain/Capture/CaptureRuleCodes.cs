namespace Ledger.Domain.Capture;

/// <summary>Why a challenge answer, a device key or a capture statement was refused (422 problems; nothing is written).</summary>
public static class CaptureRuleCodes
{
    public const string ChallengeUnknown = "challenge_unknown";
    public const string ChallengeUsed = "challenge_used";
    public const string ChallengeExpired = "challenge_expired";
    public const string ChallengeOtherAmount = "challenge_other_amount";
    public const string DeviceKeyProofInvalid = "device_key_proof_invalid";
    public const string AttestationInvalid = "attestation_invalid";
    public const string DeviceKeyMissing = "device_key_missing";
    public const string StatementRequired = "capture_statement_required";
    public const string StatementMalformed = "capture_statement_malformed";
    public const string StatementSignatureInvalid = "capture_statement_signature_invalid";
    public const string StatementMismatch = "capture_statement_mismatch";
    public const string CounterNotIncreasing = "capture_counter_not_increasing";
    public const string FramesMismatch = "capture_frames_mismatch";
    public const string AssuranceTooLow = "device_assurance_too_low";
}
