namespace Ledger.Domain.Capture;

/// <summary>A model the terminal's camera module ran, by id and SHA-256 of its file.</summary>
public sealed record ModelDigest(string Id, string Sha256);

/// <summary>
/// What the terminal's camera module signed about one capture (the payload of its COSE_Sign1 statement): for which
/// terminal and challenge, when, its counter, the amount shown to the shopper, the SHA-256 of each frame it took (or of
/// the template it computed), the head movement it asked for and the models it ran.
/// </summary>
/// <param name="FrameSha256">Lowercase hex SHA-256 of each frame's bytes as sent, in order; empty for an on-device template.</param>
/// <param name="TemplateSha256">Of the on-device template's little-endian float32 values; null for frames.</param>
/// <param name="Liveness">The head movement the terminal asked the shopper for (the challenge's), as the module saw it through.</param>
public sealed record CaptureStatement(
    int Version, Guid TerminalId, string Nonce, DateTimeOffset CapturedAt, long Counter, long AmountMinor, string Currency,
    IReadOnlyList<string> FrameSha256, string? TemplateSha256, HeadMovement? Liveness, IReadOnlyList<ModelDigest> Models)
{
    public const int CurrentVersion = 1;
}

/// <summary>A statement whose signature checked out under the terminal's current device key.</summary>
public sealed record VerifiedCapture(CaptureStatement Statement, string DeviceKeyId, Terminals.DeviceAssurance Assurance)
{
    public Guid ChallengeId => TerminalChallenge.IdOf(Statement.Nonce);
}
