namespace Ledger.Domain.Terminals;

/// <summary>
/// A terminal registers the key its camera module signs with, answering the challenge <paramref name="Nonce"/>. The
/// proof of possession and any attestation chain were checked before (cryptography is not the domain's); what they
/// established is <paramref name="Assurance"/> and <paramref name="AttestationRootSha256"/>.
/// </summary>
public sealed record RegisterDeviceKey(
    Guid TerminalId, DeviceKeyAlgorithm Algorithm, byte[] PublicKey, DeviceAssurance Assurance, string? AttestationRootSha256, string Nonce,
    DateTimeOffset Now) : TerminalCommand(TerminalId, Now);
