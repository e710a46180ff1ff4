using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// A merchant with a real terminal key probing codes must learn nothing beyond "declined": not whether the
/// credential exists, is locked or revoked, or whether the code was once right. The ledger keeps the reason.
/// </summary>
public class TerminalAnswerTests
{
    private static PaymentCredential Ready() => PaymentCredentialDecider.Evolve(null, CredentialRegistered())!;

    private static PaymentCredential After(PaymentCredential credential, object @event) => PaymentCredentialDecider.Evolve(credential, @event)!;

    public static TheoryData<string, PaymentCodeAttempt, PaymentCredential?, PaymentCodeRejection> Refusals => new()
    {
        { "a wrong code", Failure(), Ready(), PaymentCodeRejection.WrongCode },
        { "an unknown credential", Failure(credentialId: new PaymentCredentialId(999).StreamId), null, PaymentCodeRejection.UnknownCredential },
        { "a locked credential", Failure(), After(Ready(), Locked(at: Now.AddMinutes(-1))), PaymentCodeRejection.CredentialLocked },
        { "the right code on a locked credential", Use(CurrentStep), After(Ready(), Locked(at: Now.AddMinutes(-1))), PaymentCodeRejection.CredentialLocked },
        { "a revoked credential", Use(CurrentStep), After(Ready(), Revoked()), PaymentCodeRejection.CredentialRevoked },
        { "a replayed code", Use(CurrentStep, paymentId: Guid.NewGuid()), After(Ready(), Accepted(CurrentStep)), PaymentCodeRejection.Replayed },
        { "an expired code", Use(CurrentStep - 2), Ready(), PaymentCodeRejection.OutsideWindow },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_refusal_reads_declined_to_the_terminal_and_keeps_its_reason_for_the_ledger(
        string situation, PaymentCodeAttempt attempt, PaymentCredential? credential, PaymentCodeRejection reason)
    {
        var decision = PaymentCodeDecider.Decide(attempt, credential, Policy);

        Assert.True(decision.Answer == PaymentCodeAnswer.Declined, situation);
        Assert.Equal(reason, decision.Reason);
        Assert.Null(decision.WalletId);
    }

    [Fact]
    public void The_terminal_answer_has_three_values_and_no_room_for_evidence()
    {
        Assert.Equal(["Accepted", "Declined", "StepUpRequired"], Enum.GetNames<PaymentCodeAnswer>());
    }

    [Fact]
    public void Rejection_reasons_keep_their_stored_names_and_stable_codes()
    {
        Assert.Equal(
            ["wrong_code", "replayed", "outside_window", "unknown_credential", "credential_locked", "credential_revoked", "code_ceiling_exceeded"],
            Enum.GetValues<PaymentCodeRejection>().Select(r => r.Code()));
    }
}
