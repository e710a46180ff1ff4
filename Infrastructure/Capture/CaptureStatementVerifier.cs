using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using Marten;

namespace Ledger.Infrastructure.Capture;

/// <summary>
/// Opens a capture statement and checks its signature under the terminal's current device key: the algorithm in the
/// protected header must be the key's, and the signature must verify over the Sig_structure.
/// </summary>
public sealed class CaptureStatementVerifier(IDocumentStore store) : ICaptureStatementVerifier
{
    /// <summary>A statement is a few hundred bytes; anything this large is not one.</summary>
    public const int MaxBytes = 4096;

    public async Task<VerifiedCapture> VerifyAsync(byte[] statement, Guid terminalId, CancellationToken ct)
    {
        if (statement.Length > MaxBytes)
            throw new DomainRuleViolation(CaptureRuleCodes.StatementMalformed, $"A capture statement is at most {MaxBytes} bytes.");
        var message = CoseSign1.Decode(statement);
        await using var reads = store.QuerySession();
        var key = (await reads.LoadAsync<Terminal>(terminalId, ct))?.DeviceKey
                  ?? throw new DomainRuleViolation(CaptureRuleCodes.DeviceKeyMissing,
                      "This terminal has no device key: register one (POST /v1/device-keys) before sending capture statements.");
        if (message.Algorithm != key.Algorithm || !DeviceSignatures.Verify(key.Algorithm, key.PublicKey, message.ToBeSigned, message.Signature, der: false))
            throw new DomainRuleViolation(CaptureRuleCodes.StatementSignatureInvalid,
                "The capture statement's signature does not verify under this terminal's device key.");
        return new VerifiedCapture(CaptureStatementCodec.Decode(message.Payload), key.Id, key.Assurance);
    }
}
