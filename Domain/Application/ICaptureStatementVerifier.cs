using Ledger.Domain.Capture;

namespace Ledger.Domain.Application;

/// <summary>Opens a terminal's signed capture statement (COSE_Sign1) and checks its signature under the terminal's device key.</summary>
public interface ICaptureStatementVerifier
{
    /// <exception cref="DomainRuleViolation">capture_statement_malformed, device_key_missing or capture_statement_signature_invalid.</exception>
    Task<VerifiedCapture> VerifyAsync(byte[] statement, Guid terminalId, CancellationToken ct);
}
