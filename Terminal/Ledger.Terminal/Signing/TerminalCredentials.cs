namespace Ledger.Terminal.Signing;

/// <summary>
/// A terminal's identity and signing key, as the operator's registration (or key rotation) answered them:
/// <c>terminalId</c>, <c>key.keyId</c> and <c>key.secret</c>. The secret is shown once; keep it in the till's secure storage.
/// </summary>
public sealed record TerminalCredentials(Guid TerminalId, string KeyId, string Secret)
{
    /// <summary>Without the secret, so that a log line never carries it.</summary>
    public override string ToString() => $"TerminalCredentials {{ TerminalId = {TerminalId}, KeyId = {KeyId} }}";
}
