using FluentValidation;
using Ledger.Api.Http;
using Ledger.Domain.Terminals;

namespace Ledger.Api.Capture;

/// <summary>A terminal asks for a challenge to register its device key.</summary>
public sealed record DeviceKeyChallengeRequest(Guid? TerminalId);

/// <summary>A terminal asks for a challenge to bind its next face payment's capture to (amount and currency included).</summary>
public sealed record CaptureChallengeRequest(Guid? TerminalId, string? Amount, string? Currency);

/// <summary>
/// A terminal registers its device key: the algorithm (ES256 or Ed25519), the public key as SubjectPublicKeyInfo
/// (DER, base64), the challenge's nonce, the proof (the key's signature over
/// <c>"ledger-device-key:v1\n{terminalId}\n{nonce}\n{deviceKeyId}"</c>; ES256 as DER, base64) and, for an attested key,
/// the certificate chain (DER, base64, the leaf first).
/// </summary>
public sealed record RegisterDeviceKeyRequest(Guid? TerminalId, string? Algorithm, string? PublicKey, string? Nonce, string? Proof,
    string[]? Attestation);

public sealed record ChallengeResponse(string Nonce, DateTimeOffset ExpiresAt);

/// <param name="Movement">The head movement the frames must show (turn_left or turn_right), when a live challenge is asked.</param>
/// <param name="Frames">How many frames to send.</param>
public sealed record CaptureChallengeResponse(string Nonce, DateTimeOffset ExpiresAt, string? Movement, int Frames);

public sealed record DeviceKeyResponse(Guid TerminalId, string DeviceKeyId, string Algorithm, string Assurance);

public sealed class DeviceKeyChallengeRequestValidator : AbstractValidator<DeviceKeyChallengeRequest>
{
    public DeviceKeyChallengeRequestValidator() => RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
}

public sealed class CaptureChallengeRequestValidator : AbstractValidator<CaptureChallengeRequest>
{
    public CaptureChallengeRequestValidator()
    {
        RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
        this.ValidAmount(x => x.Amount, x => x.Currency);
    }
}

public sealed class RegisterDeviceKeyRequestValidator : AbstractValidator<RegisterDeviceKeyRequest>
{
    public const int MaxKeyBytes = 512;
    public const int MaxCertificateBytes = 8192;

    public RegisterDeviceKeyRequestValidator()
    {
        RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
        RuleFor(x => x.Algorithm).Must(a => Enum.TryParse<DeviceKeyAlgorithm>(a, ignoreCase: false, out var v) && Enum.IsDefined(v))
            .WithMessage("algorithm is ES256 or Ed25519.");
        RuleFor(x => x.PublicKey).Must(k => Base64.IsWithin(k, MaxKeyBytes)).WithMessage("publicKey is base64 of a SubjectPublicKeyInfo (DER).");
        RuleFor(x => x.Nonce).Must(Domain.Capture.TerminalChallenge.IsWellFormedNonce).WithMessage("nonce is the challenge's nonce, as issued.");
        RuleFor(x => x.Proof).Must(p => Base64.IsWithin(p, MaxKeyBytes)).WithMessage("proof is base64 of the key's signature.");
        RuleFor(x => x.Attestation).Must(c => c!.Length <= Infrastructure.Capture.DeviceAttestation.MaxChainLength
                                              && c.All(cert => Base64.IsWithin(cert, MaxCertificateBytes)))
            .When(x => x.Attestation is not null)
            .WithMessage($"attestation is at most {Infrastructure.Capture.DeviceAttestation.MaxChainLength} certificates, base64 DER, the leaf first.");
    }
}

/// <summary>Base64 fields with a size cap, checked without decoding more than the cap.</summary>
public static class Base64
{
    public static bool IsWithin(string? text, int maxBytes)
    {
        if (string.IsNullOrEmpty(text) || text.Length > (maxBytes + 2) / 3 * 4) return false;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var length) && length > 0 && length <= maxBytes;
    }
}

/// <summary>Assurance levels as the API names them: unattested, registered, hardware-attested.</summary>
public static class AssuranceNames
{
    public static string Of(DeviceAssurance assurance) => Name(assurance.ToString());

    public static string Of(Domain.Capture.CaptureAssurance assurance) => Name(assurance.ToString());

    private static string Name(string pascal) => Domain.RuleCodes.FromName(pascal).Replace('_', '-');
}
