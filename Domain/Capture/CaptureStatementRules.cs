using Ledger.Domain.FacePay;
using Ledger.Domain.Terminals;

namespace Ledger.Domain.Capture;

/// <summary>
/// What a signed capture statement must say to vouch for the request it came with: this terminal, this amount, the
/// very frames (or template) sent, a recent time, and a counter the device key has not used yet.
/// </summary>
public static class CaptureStatementRules
{
    /// <summary>Clocks of terminals drift; a statement may be this far from ours, beyond the challenge's lifetime.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <exception cref="DomainRuleViolation">capture_statement_mismatch or capture_frames_mismatch.</exception>
    public static void CheckRequest(CaptureStatement statement, FacePaymentAttempt attempt, DateTimeOffset now)
    {
        if (statement.Version != CaptureStatement.CurrentVersion)
            throw new DomainRuleViolation(CaptureRuleCodes.StatementMalformed, $"Capture statements are version {CaptureStatement.CurrentVersion}.");
        if (statement.TerminalId != attempt.TerminalId)
            throw Mismatch("The statement was signed for another terminal.");
        if (statement.AmountMinor != attempt.Amount.Minor || statement.Currency != attempt.Amount.Currency.Code)
            throw Mismatch("The statement was signed for another amount or currency.");
        if (statement.CapturedAt < now - TerminalChallengeDecider.Lifetime - ClockSkew || statement.CapturedAt > now + ClockSkew)
            throw Mismatch($"The statement's time {statement.CapturedAt:O} is not within the challenge's lifetime of now.");
        var (frames, template) = attempt.Probe switch
        {
            CapturedFace face => ((IReadOnlyList<string>)[face.Sha256], (string?)null),
            DeviceTemplate t => ([], t.Sha256),
            _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt.Probe.GetType().Name, null),
        };
        if (!frames.SequenceEqual(statement.FrameSha256) || template != statement.TemplateSha256)
            throw new DomainRuleViolation(CaptureRuleCodes.FramesMismatch,
                "The frames (or template) sent are not the ones the device signed: their SHA-256 differ from the statement's.");
    }

    /// <summary>The terminal's device key as it is now must be the one that signed, and must not have used this counter.</summary>
    /// <exception cref="DomainRuleViolation">device_key_missing or capture_counter_not_increasing.</exception>
    public static CaptureCounterAdvanced Advance(VerifiedCapture capture, Terminal terminal, Guid paymentId, DateTimeOffset now)
    {
        if (terminal.DeviceKey is not { } key || key.Id != capture.DeviceKeyId)
            throw new DomainRuleViolation(CaptureRuleCodes.DeviceKeyMissing,
                "The key that signed the statement is not this terminal's device key (replaced, or never registered).");
        if (capture.Statement.Counter <= key.LastCounter)
            throw new DomainRuleViolation(CaptureRuleCodes.CounterNotIncreasing,
                $"The statement's counter {capture.Statement.Counter} is not above the last accepted ({key.LastCounter}): a statement is good once.");
        return new CaptureCounterAdvanced(terminal.Id, key.Id, capture.Statement.Counter, paymentId, now);
    }

    private static DomainRuleViolation Mismatch(string detail) => new(CaptureRuleCodes.StatementMismatch, detail);
}
