namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// Decides a presented payment code, given which step (if any) the code belongs to, as
/// <see cref="PaymentCodeVerifier"/> found with the credential's key. In the order that leaks least: the amount
/// (step-up or not, whatever the code), then the credential (unknown, revoked, locked), then the code's step
/// (outside the window, already used), so an answer never says more about the code than the code's owner knows.
/// Every attempt on a known credential is recorded; guesses and replays count towards a lock.
/// </summary>
public static class PaymentCodeDecider
{
    public static PaymentCodeDecision Decide(PaymentCodeAttempt attempt, PaymentCredential? credential, PaymentCodePolicy policy)
    {
        if (attempt is RecordCodeUse retry && credential is not null
            && credential.LastAcceptedPayment == retry.PaymentId && credential.LastAcceptedStep == retry.Step)
            return PaymentCodeDecision.Accepted(credential.WalletId); // already recorded: the retry of an accepted attempt
        if (policy.ExceedsCeiling(attempt.Amount) && !attempt.StepUpPassed)
            return PaymentCodeDecision.Rejected(PaymentCodeRejection.CodeCeilingExceeded);
        if (credential is null)
            return PaymentCodeDecision.Rejected(PaymentCodeRejection.UnknownCredential);
        if (credential.Status == PaymentCredentialStatus.Revoked)
            return Reject(attempt, credential, PaymentCodeRejection.CredentialRevoked, policy);
        if (credential.IsLockedAt(attempt.Now))
            return Reject(attempt, credential, PaymentCodeRejection.CredentialLocked, policy);

        if (attempt is not RecordCodeUse use)
            return Reject(attempt, credential, PaymentCodeRejection.WrongCode, policy);
        if (StepRefusal(use, credential, policy) is { } refusal)
            return Reject(attempt, credential, refusal, policy);
        return PaymentCodeDecision.Accepted(credential.WalletId,
            new PaymentCodeAccepted(credential.Id, credential.WalletId, use.PaymentId, use.TerminalId, use.Step, use.Amount,
                policy.Version, use.Now));
    }

    /// <summary>
    /// RFC 6238 §5.2: the current step and <see cref="PaymentCodePolicy.AcceptPreviousSteps"/> before it, never one
    /// ahead; and §5.2's "MUST NOT accept the second attempt" as: only a step after the last accepted one.
    /// </summary>
    private static PaymentCodeRejection? StepRefusal(RecordCodeUse use, PaymentCredential credential, PaymentCodePolicy policy)
    {
        var current = credential.StepAt(use.Now);
        if (use.Step > current || use.Step < current - policy.AcceptPreviousSteps)
            return PaymentCodeRejection.OutsideWindow;
        if (use.Step <= credential.LastAcceptedStep)
            return PaymentCodeRejection.Replayed;
        return null;
    }

    private static PaymentCodeDecision Reject(PaymentCodeAttempt attempt, PaymentCredential credential, PaymentCodeRejection reason,
        PaymentCodePolicy policy)
    {
        var counted = reason.Counts();
        var step = attempt is RecordCodeUse use ? use.Step : (long?)null;
        var rejected = new PaymentCodeRejected(credential.Id, attempt.PaymentId, attempt.TerminalId, reason, step, counted,
            policy.Version, attempt.Now);
        if (!counted)
            return PaymentCodeDecision.Rejected(reason, rejected);

        var recent = credential.Failures.After(attempt.Now).CountWithin(policy.FailureWindow, attempt.Now);
        return recent >= policy.LockAfterFailures
            ? PaymentCodeDecision.Rejected(reason, rejected,
                new PaymentCredentialLocked(credential.Id, recent, policy.FailureWindow, attempt.Now + policy.LockFor, policy.Version, attempt.Now))
            : PaymentCodeDecision.Rejected(reason, rejected);
    }
}
