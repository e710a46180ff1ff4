using Ledger.Domain.FacePay;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;

namespace Ledger.Domain.Terminals;

/// <summary>
/// How many failed customer-factor attempts a terminal may make: a merchant's till probing faces, phone digits or
/// codes is stopped where it happens, synchronously, not after the fact by the asynchronous fraud rules (which stay
/// as the second line). Past the limit the terminal is suspended until an operator reactivates it.
/// </summary>
public sealed record TerminalAttemptPolicy(string Version, int MaxFailures, TimeSpan Window)
{
    /// <summary>5 failed attempts within a minute: more than a queue of honest shoppers with a bad camera produces.</summary>
    public static readonly TerminalAttemptPolicy Default = new("terminal-attempts-v1", 5, TimeSpan.FromMinutes(1));
}

public static class TerminalAttempts
{
    public const string SuspensionReason = "too_many_failed_attempts";

    /// <summary>Which kind of failed attempt a payment's events are, or null when they are not one (the operating point
    /// recorded beside a face decision is no part of the decision).</summary>
    public static string? FailedKind(IReadOnlyList<IPaymentEvent> paymentEvents) => Decision(paymentEvents) switch
    {
        [FaceVerificationFailed { Reason: not (DeclineReason.NoFaceDetected or DeclineReason.MultipleFaces) }] => "face",
        [FaceVerified, PaymentDeclined { Reason: DeclineReason.PinIncorrect }] => "pin",
        [PaymentCodeRefused { Reason: DeclineReason.PaymentCodeRejected }] => "payment_code",
        _ => null,
    };

    private static IReadOnlyList<IPaymentEvent> Decision(IReadOnlyList<IPaymentEvent> paymentEvents) =>
        paymentEvents.Where(e => e is not FacePay.FaceOperatingPointRecorded).ToList();

    /// <summary>The terminal's events for a payment attempt: nothing for a success, the failure, and the suspension at the limit.</summary>
    public static IReadOnlyList<ITerminalEvent> Record(Terminal terminal, Guid paymentId, IReadOnlyList<IPaymentEvent> paymentEvents,
        TerminalAttemptPolicy policy, DateTimeOffset now)
    {
        if (FailedKind(paymentEvents) is not { } kind) return [];
        var failed = new TerminalAttemptFailed(terminal.Id, paymentId, kind, now);
        var recent = terminal.Failures.After(now).CountWithin(policy.Window, now);
        return recent >= policy.MaxFailures && terminal.Status == TerminalStatus.Active
            ? [failed, new TerminalSuspended(terminal.Id, SuspensionReason, now)]
            : [failed];
    }
}
