namespace Ledger.Domain.Terminals;

/// <summary>
/// The terminal proved it holds a device key by signing a challenge of ours; it replaces any earlier key, whose
/// statements are no longer accepted. <paramref name="AttestationRootSha256"/> names the pinned root the key's
/// certificate chain ended in, for <see cref="DeviceAssurance.HardwareAttested"/> keys.
/// </summary>
public sealed record DeviceKeyRegistered(
    Guid TerminalId, string DeviceKeyId, DeviceKeyAlgorithm Algorithm, byte[] PublicKey, DeviceAssurance Assurance,
    string? AttestationRootSha256, string? ReplacesDeviceKeyId, Guid ChallengeId, DateTimeOffset RegisteredAt) : ITerminalEvent;

/// <summary>A capture statement with this counter was accepted: the next one must carry a higher counter.</summary>
public sealed record CaptureCounterAdvanced(Guid TerminalId, string DeviceKeyId, long Counter, Guid PaymentId, DateTimeOffset AcceptedAt)
    : ITerminalEvent;
