using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;
using Ledger.Terminal.Signing;

namespace Ledger.Bench.FacePay;

/// <summary>A terminal's id and signing key, as registration answered them, and the service it signs for.</summary>
internal sealed record Terminal(Guid TerminalId, string KeyId, string Secret, Uri Service)
{
    public TerminalCredentials Credentials => new(TerminalId, KeyId, Secret);
}

/// <summary>
/// Terminal requests signed by the terminal SDK (<see cref="TerminalClient.SignedRequest"/>), sent by the bench itself so
/// that it reads the service's Server-Timing and times each request alone (no retry: a failure counts as one).
/// </summary>
internal static class TerminalSigner
{
    public static HttpRequestMessage Post(Terminal terminal, string path, byte[] body, string idempotencyKey) =>
        TerminalClient.SignedRequest(terminal.Service, terminal.Credentials, PreparedRequest.Post(path, idempotencyKey, body), DateTimeOffset.UtcNow);
}
