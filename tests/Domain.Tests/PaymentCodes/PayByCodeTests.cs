using Ledger.Domain.Merchants;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// Paying with a code: the code names the wallet or the attempt is declined with no wallet; an accepted code is used up
/// even when the wallet's own rules then decline; the terminal and merchant must be able to take payments first.
/// </summary>
public sealed class PayByCodeTests
{
    private static readonly PaymentCode Presented = PaymentCode.Of(Credential, "46119246");

    private static PayByCode Pay(Money amount) => new(PaymentId, Presented, TerminalId, amount, Now);

    private static Wallet WalletWith(Money balance) =>
        new object[] { Opened(), ToppedUp(balance), FacePayOn() }.Aggregate((Wallet?)null, (w, e) => WalletEvolution.Evolve(w, e))!;

    private static readonly Merchant Shop = MerchantDecider.Evolve(null, Onboarded())!;
    private static readonly Terminal Till = TerminalDecider.Evolve(null, Registered())!;

    private static PaymentCodeDecision AcceptedCode(Money amount) => PaymentCodeDecision.Accepted(WalletId, Accepted(CurrentStep, amount));

    [Fact]
    public void An_accepted_code_pays_from_the_wallet_it_names()
    {
        var outcome = PayByCodeDecider.Decide(Pay(Eur(4.20m)), AcceptedCode(Eur(4.20m)), Policy, WalletWith(Eur(80m)), Till, Shop);

        Assert.IsType<PaymentAuthorized>(Assert.Single(outcome.Payment.PaymentEvents));
        Assert.Equal(Eur(4.20m), Assert.IsType<WalletDebited>(Assert.Single(outcome.Payment.WalletEvents)).Amount);
        Assert.Equal([Accepted(CurrentStep, Eur(4.20m))], outcome.CredentialEvents);
    }

    [Fact]
    public void An_accepted_code_is_used_up_even_when_the_wallet_declines()
    {
        var outcome = PayByCodeDecider.Decide(Pay(Eur(30m)), AcceptedCode(Eur(30m)), Policy, WalletWith(Eur(20m)), Till, Shop);

        Assert.Equal(DeclineReason.InsufficientFunds, Assert.IsType<PaymentDeclined>(Assert.Single(outcome.Payment.PaymentEvents)).Reason);
        Assert.Empty(outcome.Payment.WalletEvents);
        Assert.Equal([Accepted(CurrentStep, Eur(30m))], outcome.CredentialEvents);
    }

    [Fact]
    public void A_wrong_code_declines_without_naming_a_wallet_and_keeps_the_credentials_record()
    {
        var code = PaymentCodeDecision.Rejected(PaymentCodeRejection.WrongCode, Rejected(PaymentCodeRejection.WrongCode));

        var outcome = PayByCodeDecider.Decide(Pay(Eur(4.20m)), code, Policy, wallet: null, Till, Shop);

        Assert.Equal([new PaymentCodeRefused(PaymentId, CredentialId, MerchantId, TerminalId, Eur(4.20m), DeclineReason.PaymentCodeRejected,
            "wrong_code", Policy.Version, Now)], outcome.Payment.PaymentEvents);
        Assert.Empty(outcome.Payment.WalletEvents);
        Assert.Equal([Rejected(PaymentCodeRejection.WrongCode)], outcome.CredentialEvents);
        Assert.Equal(TerminalReason.PaymentCodeInvalid, TerminalReason.For(DeclineReason.PaymentCodeRejected));
    }

    [Fact]
    public void An_unknown_credential_declines_the_same_way_naming_no_credential()
    {
        var outcome = PayByCodeDecider.Decide(Pay(Eur(4.20m)), PaymentCodeDecision.Rejected(PaymentCodeRejection.UnknownCredential),
            Policy, wallet: null, Till, Shop);

        var refused = Assert.IsType<PaymentCodeRefused>(Assert.Single(outcome.Payment.PaymentEvents));
        Assert.Equal((null, DeclineReason.PaymentCodeRejected, "unknown_credential"), (refused.CredentialId, refused.Reason, refused.CodeReason));
        Assert.Empty(outcome.CredentialEvents);
    }

    [Fact]
    public void Above_the_ceiling_the_terminal_is_told_to_step_up()
    {
        var outcome = PayByCodeDecider.Decide(Pay(Eur(20.01m)), PaymentCodeDecision.Rejected(PaymentCodeRejection.CodeCeilingExceeded),
            Policy, wallet: null, Till, Shop);

        var refused = Assert.IsType<PaymentCodeRefused>(Assert.Single(outcome.Payment.PaymentEvents));
        Assert.Equal(DeclineReason.StepUpRequired, refused.Reason);
        Assert.Equal("step_up_required", TerminalReason.For(refused.Reason));
    }

    [Fact]
    public void A_suspended_terminal_is_refused_before_the_code_counts_for_anything()
    {
        var suspended = Till with { Status = TerminalStatus.Suspended };

        var refusal = Assert.Throws<DomainRuleViolation>(() =>
            PayByCodeDecider.Decide(Pay(Eur(4.20m)), AcceptedCode(Eur(4.20m)), Policy, WalletWith(Eur(80m)), suspended, Shop));

        Assert.Equal(RuleCodes.TerminalNotActive, refusal.Code);
    }

    [Fact]
    public void A_refused_code_payment_folds_into_a_declined_payment_with_no_wallet()
    {
        var refused = new PaymentCodeRefused(PaymentId, CredentialId, MerchantId, TerminalId, Eur(4.20m), DeclineReason.PaymentCodeRejected,
            "replayed", Policy.Version, Now);

        var payment = PaymentDecider.Evolve(null, refused)!;

        Assert.Equal((PaymentStatus.Declined, (Guid?)null, DeclineReason.PaymentCodeRejected), (payment.Status, payment.WalletId, payment.DeclineReason));
        Assert.Equal(Eur(0m), payment.Refundable);
    }
}
