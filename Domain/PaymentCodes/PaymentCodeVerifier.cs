namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// The one place a credential's key meets a presented code. The caller unseals the key, asks which step the code
/// belongs to and turns the answer into a command; the rules (window, replay, lock) are the decider's.
/// </summary>
public static class PaymentCodeVerifier
{
    /// <summary>
    /// The step whose code <paramref name="code"/> is, looking from one step ahead to one step before the oldest
    /// accepted: the steps just outside the window are looked at so that a device clock that is off is told apart
    /// from a guess. Every step is computed and compared in full, whatever matched first, so the time taken does not
    /// tell which step (if any) matched. A step inside the window is preferred, the newest first.
    /// </summary>
    public static long? FindStep(ReadOnlySpan<byte> key, PaymentCode code, PaymentCredential credential, PaymentCodePolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Credential.StreamId != credential.Id)
            throw new ArgumentException($"The code names credential {code.Credential}, not {credential.Number}.", nameof(code));

        var current = credential.StepAt(now);
        var oldestAccepted = current - policy.AcceptPreviousSteps;
        long? inWindow = null, nearMiss = null;
        for (var step = current + 1; step >= Math.Max(0, oldestAccepted - 1); step--)
        {
            if (!PaymentCodeGenerator.Matches(key, step, code.Otp, credential.Digits)) continue;
            if (step <= current && step >= oldestAccepted) inWindow ??= step;
            else nearMiss ??= step;
        }
        return inWindow ?? nearMiss;
    }

    /// <summary>The command for the decider: <see cref="RecordCodeUse"/> with the step found, or <see cref="RecordCodeFailure"/>.</summary>
    public static PaymentCodeAttempt Attempt(ReadOnlySpan<byte> key, PaymentCode code, PaymentCredential credential, PaymentCodePolicy policy,
        Guid paymentId, Guid terminalId, Money amount, bool stepUpPassed, DateTimeOffset now) =>
        FindStep(key, code, credential, policy, now) is { } step
            ? new RecordCodeUse(credential.Id, step, paymentId, terminalId, amount, stepUpPassed, now)
            : new RecordCodeFailure(credential.Id, paymentId, terminalId, amount, stepUpPassed, now);
}
