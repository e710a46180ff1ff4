using JasperFx.Events;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore;
using Marten.Events.Aggregation;

namespace Ledger.Infrastructure.Projections;

// Inline snapshots: each stream's state is stored in the same transaction as its events, so a read
// right after a write sees it, and FetchForWriting loads it in one query instead of replaying.
// The folding itself is the domain's own Evolve: one definition of what each event means.

public sealed class WalletProjection : SingleStreamProjection<Wallet, Guid>
{
    public WalletProjection() => EventTypeNames.IncludeAll<IWalletEvent>(IncludeType);
    public override Wallet? Evolve(Wallet? snapshot, Guid id, IEvent e) => WalletEvolution.Evolve(snapshot, e.Data);
}

public sealed class MerchantProjection : SingleStreamProjection<Merchant, Guid>
{
    public MerchantProjection() => EventTypeNames.IncludeAll<IMerchantEvent>(IncludeType);
    public override Merchant? Evolve(Merchant? snapshot, Guid id, IEvent e) => MerchantDecider.Evolve(snapshot, e.Data);
}

public sealed class TerminalProjection : SingleStreamProjection<Terminal, Guid>
{
    public TerminalProjection() => EventTypeNames.IncludeAll<ITerminalEvent>(IncludeType);
    public override Terminal? Evolve(Terminal? snapshot, Guid id, IEvent e) => TerminalDecider.Evolve(snapshot, e.Data);
}

public sealed class PaymentProjection : SingleStreamProjection<Payment, Guid>
{
    public PaymentProjection() => EventTypeNames.IncludeAll<IPaymentEvent>(IncludeType);
    public override Payment? Evolve(Payment? snapshot, Guid id, IEvent e) => PaymentDecider.Evolve(snapshot, e.Data);
}

public sealed class PaymentCredentialProjection : SingleStreamProjection<Domain.PaymentCodes.PaymentCredential, Guid>
{
    public PaymentCredentialProjection() => EventTypeNames.IncludeAll<Domain.PaymentCodes.IPaymentCredentialEvent>(IncludeType);
    public override Domain.PaymentCodes.PaymentCredential? Evolve(Domain.PaymentCodes.PaymentCredential? snapshot, Guid id, IEvent e) =>
        Domain.PaymentCodes.PaymentCredentialDecider.Evolve(snapshot, e.Data);
}

public sealed class PhoneHintAttemptsProjection : SingleStreamProjection<Domain.FacePay.PhoneHintAttempts, Guid>
{
    public PhoneHintAttemptsProjection() => EventTypeNames.IncludeAll<Domain.FacePay.IPhoneHintEvent>(IncludeType);
    public override Domain.FacePay.PhoneHintAttempts? Evolve(Domain.FacePay.PhoneHintAttempts? snapshot, Guid id, IEvent e) =>
        Domain.FacePay.PhoneHintAttempts.Evolve(snapshot, e.Data);
}

public sealed class ApprovalProjection : SingleStreamProjection<Domain.Approvals.Approval, Guid>
{
    public ApprovalProjection() => EventTypeNames.IncludeAll<Domain.Approvals.IApprovalEvent>(IncludeType);
    public override Domain.Approvals.Approval? Evolve(Domain.Approvals.Approval? snapshot, Guid id, IEvent e) =>
        Domain.Approvals.Approval.Evolve(snapshot, e.Data);
}

public sealed class TerminalChallengeProjection : SingleStreamProjection<Domain.Capture.TerminalChallenge, Guid>
{
    public TerminalChallengeProjection() => EventTypeNames.IncludeAll<Domain.Capture.ITerminalChallengeEvent>(IncludeType);
    public override Domain.Capture.TerminalChallenge? Evolve(Domain.Capture.TerminalChallenge? snapshot, Guid id, IEvent e) =>
        Domain.Capture.TerminalChallenge.Evolve(snapshot, e.Data);
}
